package dev.packetwalk.build.node;

import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.parse.iptables.IptablesSaveParser;

/** Test route to the package-private converter: an iptables-save text to the node model's {@link Netfilter}. */
public final class NetfilterFixtures {
  private NetfilterFixtures() {}

  public static Netfilter fromText(String file, String text) {
    return NetfilterConverter.convert(IptablesSaveParser.parse(file, text), null, "unknown", false);
  }
}
