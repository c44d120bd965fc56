package dev.packetwalk.build.node;

import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.parse.iptables.IptablesSaveParser;

/** Test route to the package-private converter: an iptables-save text to the node model's {@link Netfilter}. */
public final class NetfilterFixtures {
  private NetfilterFixtures() {}

  /** A parsed dump converted to the model, as the node builder does (no second sample). */
  public static Netfilter convert(dev.packetwalk.parse.iptables.IptablesDump dump) {
    return NetfilterConverter.convert(dump, null, "unknown", false);
  }

  public static Netfilter fromText(String file, String text) {
    return NetfilterConverter.convert(IptablesSaveParser.parse(file, text), null, "unknown", false);
  }
}
