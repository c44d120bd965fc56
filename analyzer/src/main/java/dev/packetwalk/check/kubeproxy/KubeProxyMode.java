package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.ConfigMap;
import dev.packetwalk.model.node.NfTable;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.nft.NftTable;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which kube-proxy mode a node's evidence shows, and which one the kube-proxy ConfigMap asks for. Every mode leaves
 * its own marks: {@code KUBE-SVC-}/{@code KUBE-SEP-} chains (iptables), {@code table ip kube-proxy} (nftables),
 * IPVS virtual servers with the {@code kube-ipvs0} dummy device (IPVS). IPVS mode also writes a nat
 * {@code KUBE-SERVICES} chain, so that chain alone says nothing.
 */
public final class KubeProxyMode {
  /** A kube-proxy mode. */
  public enum Mode {
    IPTABLES("iptables"), NFTABLES("nftables"), IPVS("ipvs");

    private final String word;

    Mode(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** The mode the ConfigMap sets ({@code mode: ""} means iptables on Linux), with the line saying so. */
  public record Configured(Mode mode, String written, SourceRef ref) {}

  private static final Pattern MODE = Pattern.compile("(?m)^mode:\\s*[\"']?([A-Za-z]*)[\"']?\\s*$");

  private KubeProxyMode() {}

  /** Every mode the node's evidence shows, each with the place that shows it, in enum order. */
  public static Map<Mode, SourceRef> present(NodeDataplane n) {
    Map<Mode, SourceRef> out = new EnumMap<>(Mode.class);
    Optional<NfTable> nat = n.netfilter().table("nat");
    nat.flatMap(t -> t.chains().stream().filter(c -> c.name().startsWith("KUBE-SVC-")
            || c.name().startsWith("KUBE-SEP-") || c.name().startsWith("KUBE-SVL-")).findFirst())
        .ifPresent(c -> out.put(Mode.IPTABLES, c.ref()));
    if (!out.containsKey(Mode.IPTABLES)) {
      n.netfilter().rules().stream().filter(r -> r.comment().endsWith(" has no endpoints")).findFirst()
          .ifPresent(r -> out.put(Mode.IPTABLES, r.ref()));
    }
    nftTable(n).ifPresent(t -> out.put(Mode.NFTABLES, nftRef(n, t.line())));
    if (!n.ipvs().isEmpty()) out.put(Mode.IPVS, n.ipvs().get(0).ref());
    return out;
  }

  /** The mode the node runs: the configured one when the node shows it, else the only one shown, else empty. */
  public static Optional<Mode> active(NodeDataplane n, Cluster c) {
    Map<Mode, SourceRef> p = present(n);
    Optional<Configured> conf = configured(c);
    if (conf.isPresent() && p.containsKey(conf.get().mode())) return Optional.of(conf.get().mode());
    return p.size() == 1 ? Optional.of(p.keySet().iterator().next()) : Optional.empty();
  }

  /** The {@code mode} of the kube-system/kube-proxy ConfigMap's {@code config.conf}, when collected. */
  public static Optional<Configured> configured(Cluster c) {
    for (ConfigMap cm : c.configMaps()) {
      if (!cm.meta().namespace().equals("kube-system") || !cm.meta().name().equals("kube-proxy")) continue;
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(cm.data()).entrySet()) {
        Matcher m = MODE.matcher(e.getValue());
        if (!m.find()) continue;
        String w = m.group(1).toLowerCase(java.util.Locale.ROOT);
        Mode mode = switch (w) {
          case "", "iptables" -> Mode.IPTABLES;
          case "nftables" -> Mode.NFTABLES;
          case "ipvs" -> Mode.IPVS;
          default -> null;
        };
        if (mode == null) continue;
        int base = cm.dataLines().getOrDefault(e.getKey(), cm.meta().ref().line());
        SourceRef ref = new SourceRef(cm.meta().ref().file(), base, cm.meta().ref().pointer() + "/data/"
            + e.getKey());
        return Optional.of(new Configured(mode, w.isEmpty() ? "\"\" (iptables)" : w, ref));
      }
    }
    return Optional.empty();
  }

  /** kube-proxy's own nftables table ({@code table ip kube-proxy}). */
  public static Optional<NftTable> nftTable(NodeDataplane n) {
    return n.nftTables().stream().filter(t -> t.name().equals("kube-proxy") && t.family().equals("ip")).findFirst();
  }

  /** A line of the node's nft ruleset. */
  public static SourceRef nftRef(NodeDataplane n, int line) {
    return SourceRef.line("nodes/" + n.name() + "/netfilter/nft-ruleset.txt", line);
  }
}
