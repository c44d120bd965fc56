package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.check.kubeproxy.KubeProxyMode.Mode;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.IpvsService;
import dev.packetwalk.model.node.NfChain;
import dev.packetwalk.model.node.NfRule;
import dev.packetwalk.model.node.NfTable;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.parse.nft.NftChain;
import dev.packetwalk.parse.nft.NftElement;
import dev.packetwalk.parse.nft.NftRule;
import dev.packetwalk.parse.nft.NftSet;
import dev.packetwalk.parse.nft.NftTable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Service port as kube-proxy programmed it on one node, in whichever mode: the {@code KUBE-SVC} chain and its
 * {@code KUBE-SEP} DNATs (iptables), the {@code service-ips} element, its {@code service-…} chain and the
 * {@code endpoint-…} chains' {@code dnat to} (nftables), or the ClusterIP virtual server and its real servers (IPVS).
 */
public final class KubeProxyPrograms {
  private KubeProxyPrograms() {}

  /** Where traffic to one endpoint is sent, and the line that does it. */
  public record Target(String endpoint, SourceRef ref, String note) {}

  /**
   * What the node has for the port.
   *
   * @param how a short description ("iptables chain KUBE-SVC-…")
   * @param ref the line that shows it (chain, map element's set, virtual server)
   * @param targets the endpoints traffic is sent to, by "ip:port"; meaningful only when {@code targetsKnown}
   * @param targetsKnown false when only a rule or element for the port was found (no endpoint chain to read)
   */
  public record Programmed(String how, SourceRef ref, TreeMap<String, Target> targets, boolean targetsKnown) {}

  /** The port's programming in {@code mode}, or empty when the node has nothing for it. */
  public static Optional<Programmed> find(NodeDataplane n, Mode mode, Service s, ServicePort p) {
    if (s.headless() || s.clusterIP().isEmpty() || s.isExternalName()) return Optional.empty();
    return switch (mode) {
      case IPTABLES -> iptables(n, s, p);
      case NFTABLES -> nftables(n, s, p);
      case IPVS -> ipvs(n, s, p);
    };
  }

  private static Optional<Programmed> iptables(NodeDataplane n, Service s, ServicePort p) {
    Optional<NfTable> nat = n.netfilter().table("nat");
    String port = KubeProxyChains.portName(s, p);
    Optional<NfChain> svc = nat.flatMap(t -> t.chain(KubeProxyChains.svcChain(s, p)).or(() ->
        t.chainsStartingWith("KUBE-SVC-").stream().filter(c -> c.rules().stream()
            .anyMatch(r -> port.equals(KubeProxyChains.commentPort(r)))).findFirst()));
    if (svc.isPresent()) {
      TreeMap<String, Target> t = new TreeMap<>();
      for (NfRule jump : svc.get().rules()) {
        if (!jump.target().startsWith("KUBE-SEP-")) continue;
        nat.get().chain(jump.target()).ifPresent(sep -> sep.rules().stream().filter(r -> r.target().equals("DNAT"))
            .forEach(r -> t.putIfAbsent(r.targetOption("to-destination"), new Target(r.targetOption(
                "to-destination"), r.ref(), "DNAT in " + sep.name() + ", counters " + (r.counters() == null
                    ? "none" : r.counters().packets() + " packets")))));
      }
      return Optional.of(new Programmed("iptables chain " + svc.get().name(), svc.get().ref(), t, true));
    }
    String dport = String.valueOf(p.port());
    String proto = p.protocol().toLowerCase(Locale.ROOT);
    for (NfRule r : n.netfilter().rules()) {
      boolean byAddress = s.clusterIP().equals(strip(r.destination())) && dport.equals(r.option(proto, "dport"));
      if (byAddress || port.equals(KubeProxyChains.commentPort(r))) {
        return Optional.of(new Programmed("iptables rule in " + r.table() + " " + r.chain(), r.ref(),
            new TreeMap<>(), false));
      }
    }
    return Optional.empty();
  }

  private static Optional<Programmed> nftables(NodeDataplane n, Service s, ServicePort p) {
    Optional<NftTable> table = KubeProxyMode.nftTable(n);
    if (table.isEmpty()) return Optional.empty();
    NftTable t = table.get();
    List<String> key = List.of(s.clusterIP(), p.protocol().toLowerCase(Locale.ROOT), String.valueOf(p.port()));
    String suffix = "-" + s.meta().namespace() + "/" + s.meta().name() + "/" + key.get(1) + "/" + p.name();
    Optional<NftSet> ips = t.set("service-ips");
    Optional<String> chainName = ips.flatMap(m -> m.elements().stream().filter(e -> e.key().equals(key))
        .map(e -> verdictTarget(e.value())).filter(v -> v != null).findFirst());
    Optional<NftChain> chain = chainName.flatMap(t::chain).or(() -> t.chains().stream()
        .filter(c -> c.name().startsWith("service-") && c.name().endsWith(suffix)).findFirst());
    if (chain.isPresent()) {
      TreeMap<String, Target> out = new TreeMap<>();
      for (NftRule r : chain.get().rules()) {
        List<String> eps = new java.util.ArrayList<>();
        if (r.vmap() != null) r.vmap().elements().forEach(e -> eps.add(verdictTarget(e.value())));
        if (r.verdict() != null && r.verdict().target() != null) eps.add(r.verdict().target());
        for (String ep : eps) {
          if (ep == null || !ep.startsWith("endpoint-")) continue;
          t.chain(ep).ifPresent(c -> c.rules().stream().filter(x -> x.nat() != null && x.nat().kind().equals("dnat")
              && x.nat().to() != null).forEach(x -> out.putIfAbsent(x.nat().to(), new Target(x.nat().to(),
                  KubeProxyMode.nftRef(n, x.line()), "dnat in " + c.name()
                      + (x.counter() == null ? "" : ", counter " + x.counter().packets() + " packets")))));
        }
      }
      return Optional.of(new Programmed("nftables chain " + chain.get().name(), KubeProxyMode.nftRef(n,
          chain.get().line()), out, true));
    }
    for (String map : List.of("service-ips", "no-endpoint-services")) {
      Optional<NftSet> m = t.set(map);
      if (m.isPresent() && m.get().elements().stream().anyMatch(e -> e.key().equals(key))) {
        return Optional.of(new Programmed("nftables map " + map + " element " + String.join(" . ", key),
            KubeProxyMode.nftRef(n, m.get().line()), new TreeMap<>(), false));
      }
    }
    return Optional.empty();
  }

  private static Optional<Programmed> ipvs(NodeDataplane n, Service s, ServicePort p) {
    for (IpvsService v : n.ipvs()) {
      if (!v.address().equals(s.clusterIP()) || v.port() != p.port() || !v.protocol().equalsIgnoreCase(p.protocol())) {
        continue;
      }
      TreeMap<String, Target> out = new TreeMap<>();
      for (IpvsService.RealServer rs : v.realServers()) {
        if (rs.weight() <= 0) continue; // quiesced: kube-proxy's way of draining a terminating endpoint
        String ep = rs.address() + ":" + rs.port();
        out.putIfAbsent(ep, new Target(ep, rs.ref(), "IPVS real server, weight " + rs.weight() + ", "
            + rs.activeConn() + " active connection(s)"));
      }
      return Optional.of(new Programmed("IPVS virtual server " + v.protocol() + " " + v.address() + ":" + v.port(),
          v.ref(), out, true));
    }
    return Optional.empty();
  }

  /** {@code goto service-X} / {@code jump X} → X; null for {@code drop} and the like. */
  static String verdictTarget(String value) {
    if (value == null) return null;
    String v = value.strip();
    for (String kw : List.of("goto ", "jump ")) if (v.startsWith(kw)) return v.substring(kw.length()).strip();
    return null;
  }

  /** The "ns/svc:port" an nft element comment names, or null. */
  static String elementPort(NftElement e) {
    return e.comment() == null || e.comment().isBlank() ? null : e.comment().strip();
  }

  /** An address without a {@code /32}. */
  static String strip(String a) {
    if (a == null) return null;
    return a.endsWith("/32") ? a.substring(0, a.length() - 3) : a;
  }
}
