package dev.packetwalk.bench;

import dev.packetwalk.bench.SyntheticClusterBundle.Entry;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.NodePlan;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.PodPlan;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.Role;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.ServicePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code nodes/<node>/} files of one node as {@code packetwalk-node} collects them on a host-gw cluster with the
 * reference {@code bridge} CNI: the text of {@code ip}, {@code bridge}, {@code iptables-save -c}, {@code sysctl -a},
 * conntrack, the host files, crictl's sandboxes and the pod namespaces, each in the exact layout the real tools print
 * (copied from the real-kernel sample bundle). {@code iptables} is the legacy backend and the collector ran with
 * {@code --counter-interval 0}, so there is one ruleset per node, not the four copies an nf_tables node would give.
 */
final class SyntheticClusterBundleNode {
  private static final String LINK_TAIL = "numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 "
      + "tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ";
  private static final String LO_DETAIL = "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  "
      + "allmulti 0 minmtu 0 maxmtu 0 %snumtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 "
      + "tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 \n";
  private static final String UP = "<BROADCAST,MULTICAST,UP,LOWER_UP>";

  private final SyntheticClusterBundlePlan plan;
  private final SyntheticClusterBundleRules rules;
  private final SyntheticClusterBundleTemplate template;
  private final int netnsPerNode;

  SyntheticClusterBundleNode(SyntheticClusterBundlePlan plan, SyntheticClusterBundleRules rules,
      SyntheticClusterBundleTemplate template, int netnsPerNode) {
    this.plan = plan;
    this.rules = rules;
    this.template = template;
    this.netnsPerNode = netnsPerNode;
  }

  List<Entry> files(NodePlan n) {
    String d = "nodes/" + n.name() + "/";
    List<PodPlan> pods = plan.podsOn(n);
    List<Entry> out = new ArrayList<>();
    out.add(Entry.cmd(d + "netfilter/iptables-version.txt", "iptables v1.8.9 (legacy)\n", "iptables -V"));
    out.add(Entry.cmd(d + "netfilter/iptables-save.txt", rules.save(n, SyntheticClusterBundle.SAVE_STAMP),
        "iptables-save -c"));
    out.add(Entry.cmd(d + "netfilter/ip6tables-save.txt", "", "ip6tables-save -c"));
    out.add(Entry.cmd(d + "netfilter/ipset.txt", "", "ipset list"));
    out.add(Entry.cmd(d + "iproute/ip-s-d-link.txt", links(n, pods, true), "ip -s -d link"));
    out.add(Entry.cmd(d + "iproute/ip-d-addr.txt", addrs(n, pods), "ip -d addr"));
    out.add(Entry.cmd(d + "iproute/ip-route-table-all.txt", routes(n) + routes6(pods), "ip route show table all"));
    out.add(Entry.cmd(d + "iproute/ip-6-route-table-all.txt", routes6(pods), "ip -6 route show table all"));
    out.add(Entry.cmd(d + "iproute/ip-rule.txt", "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n"
        + "32767:\tfrom all lookup default\n", "ip rule"));
    out.add(Entry.cmd(d + "iproute/ip-6-rule.txt", "0:\tfrom all lookup local\n32766:\tfrom all lookup main\n",
        "ip -6 rule"));
    out.add(Entry.cmd(d + "iproute/ip-neigh.txt", neighbours(n, pods), "ip -s -s neigh show"));
    out.add(Entry.cmd(d + "iproute/bridge-fdb.txt", fdb(n, pods), "bridge -s -d fdb show"));
    out.add(Entry.cmd(d + "iproute/bridge-d-link.txt", bridgeLinks(pods), "bridge -d link show"));
    out.add(Entry.cmd(d + "kernel/sysctl.txt", template.sysctl(n.name(), pods.stream().map(PodPlan::veth).toList()),
        "sysctl -a"));
    out.add(Entry.cmd(d + "kernel/dmesg-net.txt", "", "dmesg | grep -E 'conntrack|martian|neighbour table overflow|"
        + "neighbor table overflow|nf_|br_netfilter|table full|dropping packet' | tail -n 2000"));
    String ct = conntrack(n);
    out.add(Entry.cmd(d + "conntrack/conntrack-S.txt", conntrackStats(), "conntrack -S"));
    out.add(Entry.cmd(d + "conntrack/conntrack-C.txt", ct.lines().count() + "\n", "conntrack -C"));
    out.add(Entry.cmd(d + "conntrack/conntrack-L.txt", ct, "conntrack -L -o extended | head -n 100000"));
    out.add(Entry.file(d + "files/etc/resolv.conf", "nameserver 10.0.0.1\nsearch lan\n", "/etc/resolv.conf"));
    out.add(Entry.file(d + "files/etc/cni/net.d/10-bridge.conflist", conflist(n),
        "/etc/cni/net.d/10-bridge.conflist"));
    for (PodPlan p : pods) {
      out.add(Entry.file(d + "files/var/lib/cni/networks/cbr0/" + p.ip(), p.sandbox() + "\neth0",
          "/var/lib/cni/networks/cbr0/" + p.ip()));
    }
    out.add(Entry.file(d + "files/var/lib/cni/networks/cbr0/last_reserved_ip.0", pods.get(pods.size() - 1).ip(),
        "/var/lib/cni/networks/cbr0/last_reserved_ip.0"));
    out.add(Entry.file(d + "files/var/lib/kube-proxy/config.conf", template.text("kube-proxy.conf"),
        "/var/lib/kube-proxy/config.conf"));
    out.add(Entry.file(d + "kubelet/config.yaml", template.text("kubelet.yaml"), "/var/lib/kubelet/config.yaml"));
    out.add(Entry.cmd(d + "runtime/crictl-pods.json", SyntheticClusterBundleObjects.crictl(pods),
        "crictl pods -o json"));
    for (PodPlan p : netnsPods(pods)) out.addAll(netns(d, n, p));
    return out;
  }

  /** The pods whose namespace the collector entered: the client, CoreDNS, then endpoints, up to the cap. */
  private List<PodPlan> netnsPods(List<PodPlan> pods) {
    return pods.stream().sorted(Comparator.comparing((PodPlan p) -> p.role() == Role.ENDPOINT)).limit(netnsPerNode)
        .toList();
  }

  // ---------------------------------------------------------------- interfaces

  private String links(NodePlan n, List<PodPlan> pods, boolean stats) {
    StringBuilder b = new StringBuilder();
    b.append("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen "
        + "1000\n").append(String.format(LO_DETAIL, "addrgenmode eui64 "));
    stats(b, stats, 0, 0);
    b.append("2: eth0: ").append(UP).append(" mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000\n");
    b.append(eth0Detail(n, "addrgenmode eui64 "));
    stats(b, stats, 9_000_000_000L + (n.index() * 7919L), 4_000_000 + n.index());
    b.append("3: cni0: ").append(UP).append(" mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n");
    b.append(bridgeDetail(n, "addrgenmode eui64 "));
    stats(b, stats, 50_000_000L + n.index(), 300_000 + n.index());
    for (PodPlan p : pods) {
      b.append(vethHeader(p, " mode DEFAULT")).append(vethDetail(n, p, "addrgenmode eui64 "));
      stats(b, stats, 1_000_000L + p.hostIfindex() * 4099L, 9000 + p.hostIfindex());
    }
    return b.toString();
  }

  private String addrs(NodePlan n, List<PodPlan> pods) {
    StringBuilder b = new StringBuilder();
    b.append("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n")
        .append(String.format(LO_DETAIL, ""))
        .append("    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n")
        .append("    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n");
    b.append("2: eth0: ").append(UP).append(" mtu 1500 qdisc mq state UP group default qlen 1000\n")
        .append(eth0Detail(n, ""))
        .append("    inet ").append(n.ip()).append("/24 metric 100 brd 10.0.0.255 scope global dynamic eth0\n")
        .append("       valid_lft 3172sec preferred_lft 3172sec\n")
        .append(inet6(n.mac()));
    b.append("3: cni0: ").append(UP).append(" mtu 1500 qdisc noqueue state UP group default qlen 1000\n")
        .append(bridgeDetail(n, ""))
        .append("    inet ").append(n.gateway()).append("/24 brd 10.244.").append(n.index())
        .append(".255 scope global cni0\n       valid_lft forever preferred_lft forever\n")
        .append(inet6(cni0Mac(n)));
    for (PodPlan p : pods) b.append(vethHeader(p, "")).append(vethDetail(n, p, "")).append(inet6(p.hostMac()));
    return b.toString();
  }

  private static String eth0Detail(NodePlan n, String addrgen) {
    return "    link/ether " + n.mac() + " brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 9216 "
        + addrgen + LINK_TAIL.replace("tso_max_size 524280", "tso_max_size 65536")
        + "parentbus virtio parentdev virtio1 \n    altname enp0s5\n";
  }

  private String bridgeDetail(NodePlan n, String addrgen) {
    String id = bridgeId(cni0Mac(n));
    return "    link/ether " + cni0Mac(n) + " brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 \n"
        + "    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 "
        + "vlan_filtering 0 vlan_protocol 802.1Q bridge_id " + id + " designated_root " + id + " root_port 0 "
        + "root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 "
        + "topology_change_timer    0.00 gc_timer  115.42 vlan_default_pvid 1 vlan_stats_enabled 0 "
        + "vlan_stats_per_port 0 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 "
        + "no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 "
        + "mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 "
        + "mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 "
        + "mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 "
        + "mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 "
        + "nf_call_arptables 0 " + addrgen + LINK_TAIL.replace("numtxqueues 2 numrxqueues 2",
        "numtxqueues 1 numrxqueues 1") + "\n";
  }

  private static String vethHeader(PodPlan p, String mode) {
    return p.hostIfindex() + ": " + p.veth() + "@if2: " + UP + " mtu 1500 qdisc noqueue master cni0 state UP" + mode
        + " group default qlen 1000\n";
  }

  private String vethDetail(NodePlan n, PodPlan p, String addrgen) {
    String id = bridgeId(cni0Mac(n));
    int port = p.hostIfindex() - 3;
    return "    link/ether " + p.hostMac() + " brd ff:ff:ff:ff:ff:ff link-netns " + p.netns() + " promiscuity 1  "
        + "allmulti 1 minmtu 68 maxmtu 65535 \n    veth \n"
        + "    bridge_slave state forwarding priority 32 cost 2 hairpin on guard off root_block off fastleave off "
        + "learning on flood on port_id " + String.format("0x%x", 0x8000 + port) + " port_no "
        + String.format("0x%x", port) + " designated_port " + (32768 + port) + " designated_cost 0 "
        + "designated_bridge " + id + " designated_root " + id + " hold_timer    0.00 message_age_timer    0.00 "
        + "forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off "
        + "mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off "
        + "group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off " + addrgen + LINK_TAIL
        + "\n";
  }

  private static void stats(StringBuilder b, boolean on, long bytes, long packets) {
    if (!on) return;
    b.append("    RX:  bytes packets errors dropped  missed   mcast           \n")
        .append(String.format("    %10d %7d %6d %7d %7d %7d \n", bytes, packets, 0, 0, 0, 0))
        .append("    TX:  bytes packets errors dropped carrier collsns           \n")
        .append(String.format("    %10d %7d %6d %7d %7d %7d \n", bytes / 3, packets / 2, 0, 0, 0, 0));
  }

  private String cni0Mac(NodePlan n) {
    return plan.mac("cni0/" + n.name());
  }

  /** iproute2 prints a bridge id as priority "." and the MAC with each byte in %x (no leading zero). */
  private static String bridgeId(String mac) {
    StringBuilder b = new StringBuilder("8000.");
    for (String part : mac.split(":")) b.append(Integer.toHexString(Integer.parseInt(part, 16))).append(':');
    return b.substring(0, b.length() - 1);
  }

  private static String inet6(String mac) {
    return "    inet6 " + linkLocal(mac) + "/64 scope link \n       valid_lft forever preferred_lft forever\n";
  }

  /** The EUI-64 link-local address the kernel derives from a MAC, in RFC 5952 text. */
  static String linkLocal(String mac) {
    String[] m = mac.split(":");
    int[] b = new int[8];
    for (int i = 0; i < 6; i++) b[i < 3 ? i : i + 2] = Integer.parseInt(m[i], 16);
    b[0] ^= 0x02;
    b[3] = 0xff;
    b[4] = 0xfe;
    return "fe80::" + Integer.toHexString(b[0] << 8 | b[1]) + ":" + Integer.toHexString(b[2] << 8 | b[3]) + ":"
        + Integer.toHexString(b[4] << 8 | b[5]) + ":" + Integer.toHexString(b[6] << 8 | b[7]);
  }

  // ---------------------------------------------------------------- routing, neighbours, FDB

  private String routes(NodePlan n) {
    StringBuilder b = new StringBuilder();
    b.append("default via 10.0.0.1 dev eth0 proto dhcp src ").append(n.ip()).append(" metric 100 \n");
    b.append("10.0.0.0/24 dev eth0 proto kernel scope link src ").append(n.ip()).append(" metric 100 \n");
    b.append("10.0.0.1 dev eth0 proto dhcp scope link src ").append(n.ip()).append(" metric 100 \n");
    for (NodePlan o : plan.nodes) {
      if (o == n) {
        b.append(n.cidr()).append(" dev cni0 proto kernel scope link src ").append(n.gateway()).append(" \n");
      } else {
        b.append(o.cidr()).append(" via ").append(o.ip()).append(" dev eth0 \n");
      }
    }
    b.append("local ").append(n.ip()).append(" dev eth0 table local proto kernel scope host src ").append(n.ip())
        .append(" \n");
    b.append("broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src ").append(n.ip()).append(" \n");
    b.append("local ").append(n.gateway()).append(" dev cni0 table local proto kernel scope host src ")
        .append(n.gateway()).append(" \n");
    b.append("broadcast 10.244.").append(n.index()).append(".255 dev cni0 table local proto kernel scope link src ")
        .append(n.gateway()).append(" \n");
    b.append("local 127.0.0.0/8 dev lo table local proto kernel scope host src 127.0.0.1 \n");
    b.append("local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 \n");
    b.append("broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1 \n");
    return b.toString();
  }

  private String routes6(List<PodPlan> pods) {
    NodePlan n = pods.get(0).node();
    List<String[]> ifs = new ArrayList<>();
    ifs.add(new String[] {"eth0", n.mac()});
    ifs.add(new String[] {"cni0", cni0Mac(n)});
    for (PodPlan p : pods) ifs.add(new String[] {p.veth(), p.hostMac()});
    StringBuilder b = new StringBuilder();
    for (String[] i : ifs) b.append("fe80::/64 dev ").append(i[0]).append(" proto kernel metric 256 pref medium\n");
    b.append("local ::1 dev lo table local proto kernel metric 0 pref medium\n");
    ifs.stream().sorted(Comparator.comparing((String[] i) -> linkLocal(i[1]))).forEach(i -> b.append("local ")
        .append(linkLocal(i[1])).append(" dev ").append(i[0])
        .append(" table local proto kernel metric 0 pref medium\n"));
    for (String[] i : ifs) {
      b.append("multicast ff00::/8 dev ").append(i[0]).append(" table local proto kernel metric 256 pref medium\n");
    }
    return b.toString();
  }

  private String neighbours(NodePlan n, List<PodPlan> pods) {
    StringBuilder b = new StringBuilder();
    b.append("10.0.0.1 dev eth0 lladdr ").append(plan.mac("gateway")).append("  ref 1 used 0/0/0probes 1 REACHABLE \n");
    for (NodePlan o : plan.nodes) {
      if (o == n) continue;
      b.append(o.ip()).append(" dev eth0 lladdr ").append(o.mac()).append("  ref 1 used 0/0/0probes 4 REACHABLE \n");
    }
    for (PodPlan p : pods) {
      b.append(p.ip()).append(" dev cni0 lladdr ").append(p.podMac()).append("  used 12/12/7probes 1 STALE \n");
    }
    return b.toString();
  }

  private String fdb(NodePlan n, List<PodPlan> pods) {
    StringBuilder b = new StringBuilder();
    for (String dev : List.of("eth0", "cni0")) {
      String mac = dev.equals("eth0") ? n.mac() : cni0Mac(n);
      b.append("33:33:00:00:00:01 dev ").append(dev).append(" self permanent\n");
      b.append("01:00:5e:00:00:01 dev ").append(dev).append(" self permanent\n");
      b.append("33:33:ff:").append(mac.substring(9)).append(" dev ").append(dev).append(" self permanent\n");
    }
    for (PodPlan p : pods) {
      b.append(p.podMac()).append(" dev ").append(p.veth()).append(" used 12/12 master cni0 \n");
      b.append(p.hostMac()).append(" dev ").append(p.veth()).append(" used 30/30 master cni0 permanent\n");
      b.append("33:33:00:00:00:01 dev ").append(p.veth()).append(" self permanent\n");
      b.append("01:00:5e:00:00:01 dev ").append(p.veth()).append(" self permanent\n");
      b.append("33:33:ff:").append(p.hostMac().substring(9)).append(" dev ").append(p.veth())
          .append(" self permanent\n");
    }
    return b.toString();
  }

  private static String bridgeLinks(List<PodPlan> pods) {
    StringBuilder b = new StringBuilder();
    for (PodPlan p : pods) {
      b.append(p.hostIfindex()).append(": ").append(p.veth()).append("@eth0: ").append(UP)
          .append(" mtu 1500 master cni0 state forwarding priority 32 cost 2 \n")
          .append("    hairpin on guard off root_block off fastleave off learning on flood on mcast_flood on "
              + "bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off "
              + "locked off \n");
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- conntrack, files

  private static String conntrackStats() {
    String cpu = "found=0 invalid=%d insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=%d "
        + "clash_resolve=0 chaintoolong=0 \n";
    return "cpu=0   \t" + String.format(cpu, 3, 12) + "cpu=1   \t" + String.format(cpu, 1, 9);
  }

  /** A few finished connections of the node's client pod through Services, as {@code conntrack -L -o extended}. */
  private String conntrack(NodePlan n) {
    PodPlan client = plan.podsOn(n).stream().filter(p -> p.role() == Role.CLIENT).findFirst().orElseThrow();
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < Math.min(8, plan.services.size()); k++) {
      ServicePlan s = plan.services.get((n.index() * 7 + k * 13) % plan.services.size());
      PodPlan ep = s.endpoints().get(k % s.endpoints().size());
      int sport = 32768 + (n.index() * 131 + k * 977) % 28000;
      b.append("ipv4     2 tcp      6 ").append(20 + k).append(" TIME_WAIT src=").append(client.ip()).append(" dst=")
          .append(s.clusterIp()).append(" sport=").append(sport).append(" dport=80 src=").append(ep.ip())
          .append(" dst=").append(client.ip()).append(" sport=8080 dport=").append(sport)
          .append(" [ASSURED] mark=0 use=1\n");
    }
    PodPlan dns = plan.dns.get(n.index() % plan.dns.size());
    b.append("ipv4     2 udp      17 22 src=").append(client.ip()).append(" dst=").append(SyntheticClusterBundlePlan
        .DNS_IP).append(" sport=41234 dport=53 src=").append(dns.ip()).append(" dst=").append(client.ip())
        .append(" sport=53 dport=41234 mark=0 use=1\n");
    return b.toString();
  }

  /** The reference bridge plugin's conflist, as written by the harness (JSON, 2-space indent). */
  private static String conflist(NodePlan n) {
    return String.join("\n", "{", "  \"cniVersion\": \"1.0.0\",", "  \"name\": \"cbr0\",", "  \"plugins\": [", "    {",
        "      \"type\": \"bridge\",", "      \"bridge\": \"cni0\",", "      \"isGateway\": true,",
        "      \"isDefaultGateway\": true,", "      \"ipMasq\": false,", "      \"hairpinMode\": true,",
        "      \"ipam\": {", "        \"type\": \"host-local\",", "        \"ranges\": [", "          [",
        "            {",
        "              \"subnet\": \"" + n.cidr() + "\",", "              \"gateway\": \"" + n.gateway() + "\"",
        "            }", "          ]", "        ],", "        \"routes\": [", "          {",
        "            \"dst\": \"0.0.0.0/0\"", "          }", "        ]", "      }", "    },", "    {",
        "      \"type\": \"portmap\",", "      \"capabilities\": {", "        \"portMappings\": true", "      }",
        "    }", "  ]", "}", "");
  }

  // ---------------------------------------------------------------- one pod namespace

  private List<Entry> netns(String d, NodePlan n, PodPlan p) {
    String dir = d + "netns/" + p.netns() + "/";
    String nsenter = "nsenter --net=/run/netns/" + p.netns() + " ";
    String eth0 = "2: eth0@if" + p.hostIfindex() + ": " + UP + " mtu 1500 qdisc noqueue state UP%s group default "
        + "qlen 1000\n    link/ether " + p.podMac() + " brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 0  allmulti 0 "
        + "minmtu 68 maxmtu 65535 \n    veth %s" + LINK_TAIL + "\n";
    String link = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default "
        + "qlen 1000\n" + String.format(LO_DETAIL, "addrgenmode eui64 ")
        + String.format(eth0, " mode DEFAULT", "addrgenmode eui64 ");
    String addr = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
        + String.format(LO_DETAIL, "") + "    inet 127.0.0.1/8 scope host lo\n"
        + "       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n"
        + "       valid_lft forever preferred_lft forever\n" + String.format(eth0, "", "")
        + "    inet " + p.ip() + "/24 brd 10.244." + n.index() + ".255 scope global eth0\n"
        + "       valid_lft forever preferred_lft forever\n" + inet6(p.podMac());
    String route = "default via " + n.gateway() + " dev eth0 \n" + n.cidr() + " dev eth0 proto kernel scope link src "
        + p.ip() + " \n";
    String neigh = n.gateway() + " dev eth0 lladdr " + cni0Mac(n) + " REACHABLE \n";
    String resolv = p.role() == Role.DNS ? "nameserver 10.0.0.1\nsearch lan\n"
        : "search " + p.namespace() + ".svc.cluster.local svc.cluster.local cluster.local\nnameserver "
            + SyntheticClusterBundlePlan.DNS_IP + "\noptions ndots:5\n";
    String pod = "name=" + p.name() + "\nnamespace=" + p.namespace() + "\nuid=" + p.uid() + "\nsandbox=" + p.sandbox()
        + "\nnetns=/run/netns/" + p.netns() + "\n";
    List<Entry> out = new ArrayList<>();
    out.add(Entry.cmd(dir + "pod.txt", pod, "crictl pods -o json; crictl inspectp -o json " + p.sandbox()));
    out.add(Entry.file(dir + "resolv.conf", resolv, "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/"
        + p.sandbox() + "/resolv.conf"));
    out.add(Entry.cmd(dir + "ip-d-addr.txt", addr, nsenter + "ip -d addr"));
    out.add(Entry.cmd(dir + "ip-d-link.txt", link, nsenter + "ip -d link"));
    out.add(Entry.cmd(dir + "ip-route.txt", route, nsenter + "ip route"));
    out.add(Entry.cmd(dir + "ip-neigh.txt", neigh, nsenter + "ip neigh"));
    out.add(Entry.cmd(dir + "ss-ltnup.txt", listeners(p), nsenter + "ss -ltnup"));
    out.add(Entry.cmd(dir + "eth0-iflink.txt", p.hostIfindex() + "\n", nsenter
        + "ip -o link show dev eth0 | sed -n 's/^[0-9]*: [^:@]*@if\\([0-9]*\\):.*/\\1/p'"));
    return out;
  }

  /** {@code ss -ltnup}: the app listens on 8080 on every address, CoreDNS on 53 (UDP, TCP) and 9153. */
  private static String listeners(PodPlan p) {
    String head = "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n";
    String row = "%-5s %-6s 0      %-6d %13s:%-5d %11s:*    users:((\"%s\",pid=%d,fd=%d))\n";
    int pid = 1000 + (p.hostIfindex() * 37) % 60000;
    return switch (p.role()) {
      case DNS -> head + String.format(row, "udp", "UNCONN", 0, "*", 53, "*", "coredns", pid, 12)
          + String.format(row, "tcp", "LISTEN", 4096, "*", 53, "*", "coredns", pid, 13)
          + String.format(row, "tcp", "LISTEN", 4096, "*", 9153, "*", "coredns", pid, 10);
      case ENDPOINT -> head + String.format(row, "tcp", "LISTEN", 4096, "0.0.0.0", SyntheticClusterBundlePlan
          .TARGET_PORT, "0.0.0.0", "app", pid, 7);
      default -> head;
    };
  }
}
