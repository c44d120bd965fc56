package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.model.node.Conntrack;
import dev.packetwalk.model.node.FdbEntry;
import dev.packetwalk.model.node.IpSet;
import dev.packetwalk.model.node.IpvsService;
import dev.packetwalk.model.node.KernelState;
import dev.packetwalk.model.node.KubeletSettings;
import dev.packetwalk.model.node.Neighbour;
import dev.packetwalk.model.node.Netfilter;
import dev.packetwalk.model.node.NodeAddress;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeEvidence;
import dev.packetwalk.model.node.NodeInterface;
import dev.packetwalk.model.node.PodJoin;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.PolicyRule;
import dev.packetwalk.model.node.ResolverConfig;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.model.node.Sysctls;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.conntrack.ConntrackCountParser;
import dev.packetwalk.parse.conntrack.ConntrackListParser;
import dev.packetwalk.parse.conntrack.ConntrackStats;
import dev.packetwalk.parse.conntrack.ConntrackStatsParser;
import dev.packetwalk.parse.conntrack.ConntrackTable;
import dev.packetwalk.parse.iproute.BridgeFdbParser;
import dev.packetwalk.parse.iproute.BridgeLinkParser;
import dev.packetwalk.parse.iproute.BridgePort;
import dev.packetwalk.parse.iproute.IpAddrInterface;
import dev.packetwalk.parse.iproute.IpAddrJsonParser;
import dev.packetwalk.parse.iproute.IpAddrParser;
import dev.packetwalk.parse.iproute.IpLink;
import dev.packetwalk.parse.iproute.IpLinkJsonParser;
import dev.packetwalk.parse.iproute.IpLinkParser;
import dev.packetwalk.parse.iproute.IpNeighJsonParser;
import dev.packetwalk.parse.iproute.IpNeighParser;
import dev.packetwalk.parse.iproute.IpRouteJsonParser;
import dev.packetwalk.parse.iproute.IpRouteParser;
import dev.packetwalk.parse.iproute.IpRuleJsonParser;
import dev.packetwalk.parse.iproute.IpRuleParser;
import dev.packetwalk.parse.ipset.IpsetList;
import dev.packetwalk.parse.ipset.IpsetListParser;
import dev.packetwalk.parse.iptables.IptablesDump;
import dev.packetwalk.parse.iptables.IptablesSaveParser;
import dev.packetwalk.parse.ipvs.IpvsTable;
import dev.packetwalk.parse.ipvs.IpvsadmListParser;
import dev.packetwalk.parse.ipvs.IpvsadmSaveParser;
import dev.packetwalk.parse.ipvs.ProcIpvsStatsParser;
import dev.packetwalk.parse.nft.NftJsonParser;
import dev.packetwalk.parse.nft.NftListParser;
import dev.packetwalk.parse.nft.NftRuleset;
import dev.packetwalk.parse.nft.NftTable;
import dev.packetwalk.parse.node.CniConfigParser;
import dev.packetwalk.parse.node.FlannelSubnetEnvParser;
import dev.packetwalk.parse.node.IpamDirParser;
import dev.packetwalk.parse.node.KubeletCmdlineParser;
import dev.packetwalk.parse.node.KubeletConfigParser;
import dev.packetwalk.parse.node.LsmodParser;
import dev.packetwalk.parse.node.ResolvConfParser;
import dev.packetwalk.parse.node.SelinuxParser;
import dev.packetwalk.parse.node.SysctlParser;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Reads one node's files with their parsers and converts the records into a {@link NodeDataplane}. Where a command
 * was saved as text and as JSON, the text is read (it has line numbers to cite) and the JSON only stands in when the
 * text is missing.
 */
final class NodeReader {
  private final NodeFiles f;
  private final EnumSet<NodeEvidence> evidence = EnumSet.noneOf(NodeEvidence.class);

  NodeReader(NodeFiles files) {
    this.f = files;
  }

  NodeDataplane read(Cluster cluster) {
    List<IpLink> links = textOrJson("iproute/ip-s-d-link.txt", IpLinkParser::parse, "iproute/ip-s-d-link.json",
        IpLinkJsonParser::parse, "interface(s)", NodeEvidence.LINKS).orElse(List.of());
    Optional<Source<List<IpAddrInterface>>> addr = textOrJsonSource("iproute/ip-d-addr.txt", IpAddrParser::parse,
        "iproute/ip-d-addr.json", IpAddrJsonParser::parse, "interface(s) with addresses", NodeEvidence.ADDRESSES);
    List<BridgePort> ports = parse("iproute/bridge-d-link.txt", BridgeLinkParser::parse, "bridge port(s)",
        NodeEvidence.BRIDGE_PORTS).orElse(List.of());
    if (links.isEmpty() && addr.isPresent()) {
      // ip addr prints every link too; enough for interfaces when ip link was not saved
      links = addr.get().value().stream().map(IpAddrInterface::link).toList();
      evidence.add(NodeEvidence.LINKS);
    }
    String linkFile = f.has("iproute/ip-s-d-link.txt") || f.has("iproute/ip-s-d-link.json")
        ? f.path(f.has("iproute/ip-s-d-link.txt") ? "iproute/ip-s-d-link.txt" : "iproute/ip-s-d-link.json")
        : addr.map(Source::file).orElse("");
    List<NodeInterface> interfaces = LinkConverter.interfaces(linkFile, links, f.path("iproute/bridge-d-link.txt"),
        ports);
    List<NodeAddress> addresses = addr.map(a -> LinkConverter.addresses(a.file(), a.value())).orElse(List.of());

    List<Route> routes = new ArrayList<>();
    routes.addAll(sourced("iproute/ip-route-table-all.txt", IpRouteParser::parse, "route(s)", NodeEvidence.ROUTES)
        .map(s -> RouteConverter.routes(s.file(), s.value())).orElse(List.of()));
    routes.addAll(sourced("iproute/ip-6-route-table-all.txt", IpRouteParser::parse, "route(s)", NodeEvidence.ROUTES)
        .map(s -> RouteConverter.routes(s.file(), s.value())).orElse(List.of()));
    jsonFallback("iproute/ip-route.json", "iproute/ip-route-table-all.txt", IpRouteJsonParser::parse, "route(s)",
        NodeEvidence.ROUTES).ifPresent(s -> routes.addAll(RouteConverter.routes(s.file(), s.value())));

    List<PolicyRule> rules = new ArrayList<>();
    sourced("iproute/ip-rule.txt", IpRuleParser::parse, "rule(s)", NodeEvidence.RULES)
        .ifPresent(s -> rules.addAll(RouteConverter.rules(s.file(), 4, s.value())));
    sourced("iproute/ip-6-rule.txt", IpRuleParser::parse, "rule(s)", NodeEvidence.RULES)
        .ifPresent(s -> rules.addAll(RouteConverter.rules(s.file(), 6, s.value())));
    jsonFallback("iproute/ip-rule.json", "iproute/ip-rule.txt", IpRuleJsonParser::parse, "rule(s)",
        NodeEvidence.RULES).ifPresent(s -> rules.addAll(RouteConverter.rules(s.file(), 4, s.value())));

    List<Neighbour> neighbours = textOrJsonSource("iproute/ip-neigh.txt", IpNeighParser::parse,
        "iproute/ip-neigh.json", IpNeighJsonParser::parse, "neighbour(s)", NodeEvidence.NEIGHBOURS)
        .map(s -> RouteConverter.neighbours(s.file(), s.value())).orElse(List.of());
    List<FdbEntry> fdb = sourced("iproute/bridge-fdb.txt", BridgeFdbParser::parse, "FDB entr(y/ies)",
        NodeEvidence.FDB).map(s -> RouteConverter.fdb(s.file(), s.value())).orElse(List.of());

    Sysctls sysctls = sysctls();
    List<PodNetns> netns = netns();
    List<PodJoin> pods = PodJoiner.join(f.node(), netns, interfaces, routes, cluster);
    NetnsSockets.Result hostSockets = NetnsSockets.read(f, "iproute/");
    return new NodeDataplane(f.node(), evidence, interfaces, addresses, routes, rules, neighbours, fdb,
        netfilter(), netfilter6(), nft(), ipvs(), ipsets(), conntrack(sysctls), sysctls, kernel(), cni(), kubelet(),
        resolvConf(), netns, pods, hostSockets.listeners(), hostSockets.known(),
        SourceRef.line(f.path(f.has("iproute/ss-ltnup.txt") ? "iproute/ss-ltnup.txt" : "iproute/proc-net-tcp.txt"), 1));
  }

  // --- netfilter -----------------------------------------------------------------------------------------------

  private Netfilter netfilter() {
    IptablesDump first = iptables("netfilter/iptables-save.txt");
    IptablesDump legacy = iptables("netfilter/iptables-legacy-save.txt");
    IptablesDump nft = iptables("netfilter/iptables-nft-save.txt");
    IptablesDump second = iptables("netfilter/iptables-save.2.txt");
    if (second != null) evidence.add(NodeEvidence.IPTABLES_SECOND_SAMPLE);
    String backend = f.text("netfilter/iptables-version.txt").map(v -> {
      f.read("netfilter/iptables-version.txt", 1, List.of(), "line: " + v.strip());
      return v.contains("nf_tables") ? "nf_tables" : v.contains("legacy") ? "legacy" : "unknown";
    }).orElse(null);
    boolean both = NetfilterConverter.hasRules(legacy) && NetfilterConverter.hasRules(nft)
        || first != null && first.legacyTablesPresent();
    if (first == null) {
      // no plain dump: take the backend that holds rules
      first = NetfilterConverter.hasRules(nft) || legacy == null ? nft : legacy;
      second = null;
    }
    if (first == null) return Netfilter.NONE;
    evidence.add(NodeEvidence.IPTABLES);
    if (backend == null) {
      backend = switch (first.backend()) {
        case NF_TABLES -> "nf_tables";
        case LEGACY -> "legacy";
        default -> "unknown";
      };
    }
    List<Netfilter.Backend> backends = new ArrayList<>();
    if (legacy != null) backends.add(new Netfilter.Backend("legacy", legacy.file(),
        NetfilterConverter.convert(legacy, null, "legacy", false).tables()));
    if (nft != null) backends.add(new Netfilter.Backend("nf_tables", nft.file(),
        NetfilterConverter.convert(nft, null, "nf_tables", false).tables()));
    return NetfilterConverter.convert(first, second, backend, both).withBackends(backends);
  }

  private Netfilter netfilter6() {
    IptablesDump d = iptables("netfilter/ip6tables-save.txt");
    return d == null ? Netfilter.NONE : NetfilterConverter.convert(d, null, "unknown", false);
  }

  private IptablesDump iptables(String rel) {
    return f.text(rel).map(t -> {
      IptablesDump d = IptablesSaveParser.parse(f.path(rel), t);
      f.read(rel, d.rules().size(), d.warnings(), "rule(s) in " + d.tables().size() + " table(s)");
      return d;
    }).orElse(null);
  }

  private List<NftTable> nft() {
    String rel = f.has("netfilter/nft-ruleset.txt") ? "netfilter/nft-ruleset.txt" : "netfilter/nft-ruleset.json";
    Optional<NftRuleset> r = f.text(rel).map(t -> {
      NftRuleset s = rel.endsWith(".txt") ? NftListParser.parse(f.path(rel), t) : NftJsonParser.parse(f.path(rel), t);
      f.read(rel, s.tables().size(), s.warnings(), "table(s), " + s.rules().size() + " rule(s)");
      return s;
    });
    if (rel.endsWith(".txt") && f.has("netfilter/nft-ruleset.json")) {
      f.unused("netfilter/nft-ruleset.json", "the text form nft-ruleset.txt was read (it has line numbers)");
    }
    r.ifPresent(x -> evidence.add(NodeEvidence.NFT));
    return r.map(NftRuleset::tables).orElse(List.of());
  }

  private List<IpSet> ipsets() {
    return f.text("netfilter/ipset.txt").map(t -> {
      IpsetList s = IpsetListParser.parse(f.path("netfilter/ipset.txt"), t);
      f.read("netfilter/ipset.txt", s.sets().size(), s.warnings(), "set(s), "
          + s.sets().stream().mapToInt(x -> x.members().size()).sum() + " member(s)");
      evidence.add(NodeEvidence.IPSET);
      return IpsetConverter.sets(s);
    }).orElse(List.of());
  }

  // --- IPVS -----------------------------------------------------------------------------------------------------

  private List<IpvsService> ipvs() {
    IpvsTable table = null;
    String used = "";
    for (String rel : List.of("ipvs/ipvsadm-Ln.txt", "ipvs/ipvsadm-Sn.txt", "ipvs/proc-net-ip_vs.txt",
        "ipvs/ipvsadm-Ln-stats.txt")) {
      Optional<String> t = f.text(rel);
      if (t.isEmpty()) continue;
      IpvsTable parsed = rel.contains("-Sn") ? IpvsadmSaveParser.parse(f.path(rel), t.get())
          : IpvsadmListParser.parse(f.path(rel), t.get());
      f.read(rel, parsed.services().size(), parsed.warnings(), "virtual server(s)"
          + (table == null ? "" : "; the model uses " + used));
      if (table == null) {
        table = parsed;
        used = rel;
      }
    }
    f.text("ipvs/proc-net-ip_vs_stats.txt").ifPresent(t -> {
      var s = ProcIpvsStatsParser.parse(f.path("ipvs/proc-net-ip_vs_stats.txt"), t);
      f.read("ipvs/proc-net-ip_vs_stats.txt", s.totals() == null ? 0 : 1, s.warnings(), "total(s)");
    });
    if (f.has("ipvs/kube-ipvs0-addr.txt")) {
      Parsed<List<IpAddrInterface>> p = IpAddrParser.parse(f.path("ipvs/kube-ipvs0-addr.txt"),
          f.text("ipvs/kube-ipvs0-addr.txt").orElse(""));
      f.read("ipvs/kube-ipvs0-addr.txt", p.value().stream().mapToInt(i -> i.addresses().size()).sum(), p.warnings(),
          "address(es); the same as in ip-d-addr.txt");
    }
    if (table == null) return List.of();
    evidence.add(NodeEvidence.IPVS);
    String file = table.file();
    return table.services().stream().map(s -> new IpvsService(s.protocol(), s.address(), s.port(), s.scheduler(),
        s.persistentSeconds(), s.realServers().stream().map(r -> new IpvsService.RealServer(r.address(), r.port(),
            r.forward(), r.weight(), r.activeConn(), r.inactConn(), SourceRef.line(file, r.line()))).toList(),
        SourceRef.line(file, s.line()))).toList();
  }

  // --- conntrack, kernel ----------------------------------------------------------------------------------------

  private Conntrack conntrack(Sysctls sysctls) {
    Optional<Parsed<ConntrackStats>> stats = f.text("conntrack/conntrack-S.txt").map(t -> {
      Parsed<ConntrackStats> p = ConntrackStatsParser.parse(f.path("conntrack/conntrack-S.txt"), t);
      f.read("conntrack/conntrack-S.txt", p.value().cpus().size(), p.warnings(), "CPU line(s)");
      return p;
    });
    Optional<Parsed<Long>> count = f.text("conntrack/conntrack-C.txt").map(t -> {
      Parsed<Long> p = ConntrackCountParser.parse(f.path("conntrack/conntrack-C.txt"), t);
      f.read("conntrack/conntrack-C.txt", p.clean() ? 1 : 0, p.warnings(), "count: " + p.value());
      return p;
    });
    Optional<Parsed<ConntrackTable>> list = f.text("conntrack/conntrack-L.txt").map(t -> {
      Parsed<ConntrackTable> p = ConntrackListParser.parse(f.path("conntrack/conntrack-L.txt"), t);
      f.read("conntrack/conntrack-L.txt", p.value().entries().size(), p.warnings(), "entr(y/ies)");
      return p;
    });
    if (stats.isEmpty() && count.isEmpty() && list.isEmpty()) return Conntrack.NONE;
    evidence.add(NodeEvidence.CONNTRACK);
    long n = count.filter(Parsed::clean).map(Parsed::value)
        .orElse(list.map(l -> (long) l.value().entries().size()).orElse(-1L));
    long max = sysctls.conntrackMax().map(Sysctls.Sysctl::number).orElse(-1L);
    return new Conntrack(n, max, total(stats, "insert_failed"), total(stats, "drop"), total(stats, "early_drop"),
        total(stats, "invalid"), count.isPresent() ? SourceRef.line(f.path("conntrack/conntrack-C.txt"), 1) : null,
        stats.isPresent() ? SourceRef.line(f.path("conntrack/conntrack-S.txt"), 0) : null,
        list.map(l -> ConntrackConverter.flows(f.path("conntrack/conntrack-L.txt"), l.value().entries()))
            .orElse(List.of()), list.isPresent() && list.get().warnings(ParseWarning.Kind.TRUNCATED).isEmpty());
  }

  private static long total(Optional<Parsed<ConntrackStats>> stats, String key) {
    return stats.map(s -> s.value().totals().containsKey(key) ? s.value().total(key) : -1L).orElse(-1L);
  }

  private Sysctls sysctls() {
    String rel = "kernel/sysctl.txt";
    return f.text(rel).map(t -> {
      Parsed<Map<String, String>> p = SysctlParser.parse(f.path(rel), t);
      f.read(rel, p.value().size(), p.warnings(), "key(s)");
      evidence.add(NodeEvidence.SYSCTL);
      return KernelConverter.sysctls(f.path(rel), t, p.value());
    }).orElse(Sysctls.NONE);
  }

  private KernelState kernel() {
    List<KernelState.Module> modules = f.text("kernel/lsmod.txt").map(t -> {
      var p = LsmodParser.parse(f.path("kernel/lsmod.txt"), t);
      f.read("kernel/lsmod.txt", p.value().size(), p.warnings(), "module(s)");
      evidence.add(NodeEvidence.MODULES);
      return KernelConverter.modules(f.path("kernel/lsmod.txt"), p.value());
    }).orElse(List.of());
    Optional<SelinuxParser.Selinux> se = f.text("kernel/selinux.txt").map(t -> {
      var p = SelinuxParser.parse(f.path("kernel/selinux.txt"), t);
      f.read("kernel/selinux.txt", p.value().mode() == null ? 0 : 1, p.warnings(),
          "mode: " + KernelConverter.selinux(p.value()));
      evidence.add(NodeEvidence.SELINUX);
      return p.value();
    });
    String selinux = se.map(KernelConverter::selinux).orElse("");
    return new KernelState(evidence.contains(NodeEvidence.MODULES), modules, selinux,
        selinux.isEmpty() ? null : SourceRef.line(f.path("kernel/selinux.txt"), se.get().line()));
  }

  // --- files: CNI, kubelet, resolv.conf -------------------------------------------------------------------------

  private CniState cni() {
    List<CniState.CniConf> confs = new ArrayList<>();
    for (String rel : f.under("files/etc/cni/net.d/")) {
      Parsed<CniConfigParser.CniConfig> p = CniConfigParser.parse(f.path(rel), f.text(rel).orElse(""));
      boolean usable = !p.value().plugins().isEmpty();
      f.read(rel, usable ? p.value().plugins().size() : 0, p.warnings(), "plugin(s)");
      if (usable) confs.add(CniConverter.conf(f.path(rel), p.value()));
    }
    List<CniState.IpamAllocation> allocations = new ArrayList<>();
    TreeMap<String, TreeMap<String, String>> dirs = new TreeMap<>(); // files/var/lib/cni/networks/<net>/<file>
    for (String rel : f.under("files/var/lib/cni/networks/")) {
      String[] seg = rel.split("/");
      if (seg.length == 7) dirs.computeIfAbsent(seg[5], k -> new TreeMap<>()).put(rel, f.text(rel).orElse(""));
    }
    dirs.forEach((net, files) -> {
      TreeMap<String, String> byPath = new TreeMap<>();
      files.forEach((rel, text) -> byPath.put(f.path(rel), text));
      var p = IpamDirParser.parse(net, byPath);
      p.value().reservations().forEach(r -> allocations.add(CniConverter.allocation(net, r)));
      for (String rel : files.keySet()) {
        List<ParseWarning> ws = p.warnings().stream().filter(w -> w.file().equals(f.path(rel))).toList();
        String ip = p.value().reservations().stream().filter(r -> r.file().equals(f.path(rel)))
            .map(IpamDirParser.Reservation::ip).findFirst().orElse(null);
        f.read(rel, ws.isEmpty() || ip != null ? 1 : 0, ws, ip == null ? "bookkeeping file" : "allocation of " + ip);
      }
      evidence.add(NodeEvidence.IPAM);
    });
    CniState.FlannelLease flannel = f.text("files/run/flannel/subnet.env").map(t -> {
      var p = FlannelSubnetEnvParser.parse(f.path("files/run/flannel/subnet.env"), t);
      f.read("files/run/flannel/subnet.env", p.value().values().size(), p.warnings(), "key(s)");
      evidence.add(NodeEvidence.FLANNEL);
      return CniConverter.flannel(f.path("files/run/flannel/subnet.env"), t, p.value());
    }).orElse(null);
    if (!confs.isEmpty()) evidence.add(NodeEvidence.CNI_CONFIG);
    return confs.isEmpty() && allocations.isEmpty() && flannel == null ? CniState.NONE
        : new CniState(confs, allocations, flannel);
  }

  private KubeletSettings kubelet() {
    if (!f.has("kubelet/config.yaml") && !f.has("kubelet/cmdline.txt")) return KubeletSettings.NONE;
    var config = f.text("kubelet/config.yaml").map(t -> {
      var p = KubeletConfigParser.parse(f.path("kubelet/config.yaml"), t);
      f.read("kubelet/config.yaml", p.value().fields().size(), p.warnings(), "field(s)");
      return p.value();
    }).orElse(null);
    var cmdline = f.text("kubelet/cmdline.txt").map(t -> {
      var p = KubeletCmdlineParser.parse(f.path("kubelet/cmdline.txt"), t);
      f.read("kubelet/cmdline.txt", p.value().flags().size(), p.warnings(), "flag(s)");
      return p.value();
    }).orElse(null);
    evidence.add(NodeEvidence.KUBELET);
    return KubeletConverter.settings(f.path("kubelet/config.yaml"), config, f.path("kubelet/cmdline.txt"), cmdline);
  }

  private ResolverConfig resolvConf() {
    return f.text("files/etc/resolv.conf").map(t -> {
      evidence.add(NodeEvidence.RESOLV_CONF);
      return resolver("files/etc/resolv.conf", t);
    }).orElse(null);
  }

  private ResolverConfig resolver(String rel, String text) {
    var p = ResolvConfParser.parse(f.path(rel), text);
    f.read(rel, p.value().nameservers().size(), p.warnings(), "nameserver(s)");
    Map<String, SourceRef> lines = new java.util.HashMap<>();
    String[] ls = text.split("\n", -1);
    for (int i = 0; i < ls.length; i++) {
      String[] t = ls[i].strip().split("[ \t]+");
      if (t.length < 2) continue;
      String k = t[0].equals("domain") ? "search" : t[0];
      if (k.equals("nameserver")) lines.putIfAbsent(k, SourceRef.line(f.path(rel), i + 1));
      else lines.put(k, SourceRef.line(f.path(rel), i + 1));
    }
    return new ResolverConfig(p.value().nameservers(), p.value().search(), p.value().options(),
        SourceRef.line(f.path(rel), 1), lines);
  }

  // --- pod namespaces -------------------------------------------------------------------------------------------

  private List<PodNetns> netns() {
    TreeMap<String, List<String>> byNs = new TreeMap<>();
    for (String rel : f.under("netns/")) {
      String[] seg = rel.split("/");
      if (seg.length == 3) byNs.computeIfAbsent(seg[1], k -> new ArrayList<>()).add(seg[2]);
    }
    List<PodNetns> out = new ArrayList<>();
    for (var e : byNs.entrySet()) out.add(NetnsReader.read(f, e.getKey(), this::resolver));
    if (!out.isEmpty()) evidence.add(NodeEvidence.NETNS);
    return out;
  }

  // --- helpers --------------------------------------------------------------------------------------------------

  /** A parsed value with the bundle path it came from. */
  record Source<T>(String file, T value) {}

  private <T> Optional<T> parse(String rel, BiFunction<String, String, Parsed<T>> parser, String what,
      NodeEvidence kind) {
    return sourced(rel, parser, what, kind).map(Source::value);
  }

  private <T> Optional<Source<T>> sourced(String rel, BiFunction<String, String, Parsed<T>> parser, String what,
      NodeEvidence kind) {
    return f.text(rel).map(t -> {
      Parsed<T> p = parser.apply(f.path(rel), t);
      f.read(rel, size(p.value()), p.warnings(), what);
      evidence.add(kind);
      return new Source<>(f.path(rel), p.value());
    });
  }

  private <T> Optional<T> textOrJson(String text, BiFunction<String, String, Parsed<T>> textParser, String json,
      BiFunction<String, String, Parsed<T>> jsonParser, String what, NodeEvidence kind) {
    return textOrJsonSource(text, textParser, json, jsonParser, what, kind).map(Source::value);
  }

  private <T> Optional<Source<T>> textOrJsonSource(String text, BiFunction<String, String, Parsed<T>> textParser,
      String json, BiFunction<String, String, Parsed<T>> jsonParser, String what, NodeEvidence kind) {
    Optional<Source<T>> s = sourced(text, textParser, what, kind);
    if (s.isPresent()) {
      if (f.has(json)) f.unused(json, "the text form " + text.substring(text.indexOf('/') + 1)
          + " was read (it has line numbers)");
      return s;
    }
    return sourced(json, jsonParser, what, kind);
  }

  private <T> Optional<Source<T>> jsonFallback(String json, String text, BiFunction<String, String, Parsed<T>> parser,
      String what, NodeEvidence kind) {
    if (f.has(text)) {
      if (f.has(json)) f.unused(json, "the text form " + text.substring(text.indexOf('/') + 1)
          + " was read (it has line numbers)");
      return Optional.empty();
    }
    return sourced(json, parser, what, kind);
  }

  private static int size(Object value) {
    return value instanceof java.util.Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size() : 1;
  }
}
