package dev.packetwalk.bundle;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one registry of bundle paths. The collectors write these paths, the parsers read them, and
 * {@code collector-scripts/BUNDLE-FORMAT.md} documents them; a test keeps the three in agreement.
 *
 * <p>A {@code {name}} placeholder stands for exactly one path segment.
 */
public enum EvidenceSpec {
  MANIFEST("manifest.json", Family.META, true, "What was collected, how, and what was skipped"),
  COLLECTOR_LOG("collector.log", Family.META, true, "The collector's own log"),
  COMMAND_STDERR("stderr/{path...}", Family.META, false, "stderr of the command that produced {path}"),

  SERVER_VERSION("cluster/version.json", Family.CLUSTER, true, "kubectl version -o json"),
  API_RESOURCES("cluster/api-resources.txt", Family.CLUSTER, true, "kubectl api-resources -o wide"),
  NODES("cluster/nodes.json", Family.CLUSTER, true, "kubectl get nodes -o json"),
  NAMESPACES("cluster/namespaces.json", Family.CLUSTER, true, "kubectl get namespaces -o json"),
  PODS("cluster/pods.json", Family.CLUSTER, true, "kubectl get pods -A -o json"),
  SERVICES("cluster/services.json", Family.CLUSTER, true, "kubectl get services -A -o json"),
  ENDPOINTS("cluster/endpoints.json", Family.CLUSTER, true, "kubectl get endpoints -A -o json"),
  ENDPOINT_SLICES("cluster/endpointslices.json", Family.CLUSTER, true, "kubectl get endpointslices -A -o json"),
  INGRESSES("cluster/ingresses.json", Family.CLUSTER, true, "kubectl get ingresses -A -o json"),
  INGRESS_CLASSES("cluster/ingressclasses.json", Family.CLUSTER, true, "kubectl get ingressclasses -o json"),
  NETWORK_POLICIES("cluster/networkpolicies.json", Family.CLUSTER, true, "kubectl get networkpolicies -A -o json"),
  EVENTS("cluster/events.json", Family.CLUSTER, true, "kubectl get events -A -o json"),
  KUBE_SYSTEM_CONFIGMAPS("cluster/kube-system/configmaps.json", Family.CLUSTER, true,
      "network-related ConfigMaps of kube-system (coredns, kube-proxy, CNI config)"),
  KUBE_SYSTEM_DAEMONSETS("cluster/kube-system/daemonsets.json", Family.CLUSTER, true,
      "kubectl get daemonsets -n kube-system -o json"),
  KUBE_SYSTEM_DEPLOYMENTS("cluster/kube-system/deployments.json", Family.CLUSTER, true,
      "kubectl get deployments -n kube-system -o json"),
  NETWORK_NAMESPACE_CONFIGMAPS("cluster/{namespace}/configmaps.json", Family.CLUSTER, false,
      "network-related ConfigMaps of another namespace that runs network component pods (e.g. kube-flannel, ingress-nginx)"),
  NETWORK_NAMESPACE_DAEMONSETS("cluster/{namespace}/daemonsets.json", Family.CLUSTER, false,
      "kubectl get daemonsets -n NAMESPACE -o json for a namespace that runs network component pods"),
  NETWORK_NAMESPACE_DEPLOYMENTS("cluster/{namespace}/deployments.json", Family.CLUSTER, false,
      "kubectl get deployments -n NAMESPACE -o json for a namespace that runs network component pods"),
  CUSTOM_RESOURCES("cluster/custom/{resource}.json", Family.CLUSTER, false,
      "kubectl get RESOURCE.GROUP -A -o json for Gateway API, AdminNetworkPolicy and CNI resources the cluster serves"),

  CONTAINER_LOG("logs/{namespace}/{pod}/{container}.log", Family.LOGS, false,
      "bounded current log of a network component container"),
  CONTAINER_LOG_PREVIOUS("logs/{namespace}/{pod}/{container}.previous.log", Family.LOGS, false,
      "bounded log of the previous instance of a network component container"),

  NODE_MANIFEST("nodes/{node}/manifest.json", Family.NODE, false,
      "the node bundle's own manifest.json (node name source, tools used, options), kept by the merge"),
  NODE_COLLECTOR_LOG("nodes/{node}/collector.log", Family.NODE, false, "packetwalk-node's own log"),
  NODE_IPROUTE("nodes/{node}/iproute/{file}", Family.NODE, false,
      "ip -s -d link, ip -d addr, ip route/rule show table all (v4, v6), ip -s -s neigh, bridge fdb/link; text and -j; "
          + "ss -ltnup (the node's own listening sockets)"),
  NODE_NETFILTER("nodes/{node}/netfilter/{file}", Family.NODE, false,
      "iptables -V, iptables-save -c (twice), ip6tables-save -c, both backends, nft list ruleset, ipset list"),
  NODE_IPVS("nodes/{node}/ipvs/{file}", Family.NODE, false,
      "ipvsadm -Ln/-Sn --exact, /proc/net/ip_vs*, ip -d addr show kube-ipvs0"),
  NODE_CONNTRACK("nodes/{node}/conntrack/{file}", Family.NODE, false, "conntrack -S, -C and -L -o extended (capped)"),
  NODE_KERNEL("nodes/{node}/kernel/{file}", Family.NODE, false, "sysctl -a, lsmod, SELinux mode, network lines of dmesg"),
  NODE_FILES("nodes/{node}/files/{path...}", Family.NODE, false,
      "host files copied under their host path: resolv.conf, CNI config, host-local IPAM, flannel, kube-proxy"),
  NODE_KUBELET("nodes/{node}/kubelet/{file}", Family.NODE, false, "the running kubelet's command line and config file"),
  NODE_RUNTIME("nodes/{node}/runtime/{file}", Family.NODE, false, "crictl pods -o json"),
  NODE_NETNS("nodes/{node}/netns/{netns}/{file}", Family.NODE, false,
      "per network namespace: addresses, links, routes, neighbours, listening sockets, eth0's peer, owning pod"),
  NODE_DEBUG_POD("nodes/{node}/debug-pod/{file}", Family.NODE, false,
      "packetwalk-collect --nodes (and --capture-path, as capture-*): each step of reaching the node (create, wait, run, copy, delete the debug pod)"),
  NODE_CAPTURE_POINT("nodes/{node}/captures/{point}.json", Family.NODE, false,
      "packetwalk-node --capture-*: the capture point of {point}.pcap (node, role, interface, pod, filter, node-clock start/listening/end, tcpdump version, packets captured/dropped)"),
  NODE_CAPTURE("nodes/{node}/captures/{file}", Family.NODE, false,
      "packetwalk-node --capture-* (packetwalk-collect --capture-path: client-veth, client-underlay, server-underlay, server-veth): a bounded tcpdump capture (pcap) at one capture point"),
  CAPTURE_PCAP("{path...}.pcap", Family.CAPTURE, false, "any other packet capture (pcap) in the bundle"),
  CAPTURE_PCAPNG("{path...}.pcapng", Family.CAPTURE, false, "any other packet capture (pcapng) in the bundle"),
  CAPTURE_PCAP_GZ("{path...}.pcap.gz", Family.CAPTURE, false, "any other gzip-compressed packet capture in the bundle"),
  NODE_FILE("nodes/{node}/{path...}", Family.NODE, false, "any other node file (hand-made or later node bundles)");

  /** What part of the bundle a spec belongs to. */
  public enum Family { META, CLUSTER, LOGS, NODE, CAPTURE }

  private final String pattern;
  private final Family family;
  private final boolean expected;
  private final String description;
  private final Pattern regex;

  EvidenceSpec(String pattern, Family family, boolean expected, String description) {
    this.pattern = pattern;
    this.family = family;
    this.expected = expected;
    this.description = description;
    this.regex = compile(pattern);
  }

  /** The path pattern, as written in BUNDLE-FORMAT.md. */
  public String pattern() {
    return pattern;
  }

  public Family family() {
    return family;
  }

  /** Whether every bundle should hold this path; only then is its absence MISSING rather than silent. */
  public boolean expected() {
    return expected;
  }

  public String description() {
    return description;
  }

  public boolean matches(String path) {
    return regex.matcher(path).matches();
  }

  /** Whether the pattern names one fixed path. */
  public boolean isFixed() {
    return !pattern.contains("{");
  }

  /** The spec that a bundle path belongs to, if any. The first match in declaration order wins. */
  public static Optional<EvidenceSpec> of(String path) {
    return Arrays.stream(values()).filter(s -> s.matches(path)).findFirst();
  }

  /** Whether a path holds a packet capture that {@code analysis.CaptureStage} reads (by spec and by name). */
  public static boolean isCapture(String path) {
    Optional<EvidenceSpec> s = of(path);
    if (s.isEmpty() || s.get() == COMMAND_STDERR || s.get() == NODE_CAPTURE_POINT) return false;
    if (s.get().family() == Family.CAPTURE) return true;
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith(".pcap") || lower.endsWith(".pcapng") || lower.endsWith(".pcap.gz")
        || lower.endsWith(".pcapng.gz");
  }

  public static List<EvidenceSpec> expectedSpecs() {
    return Arrays.stream(values()).filter(EvidenceSpec::expected).toList();
  }

  private static Pattern compile(String pattern) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      int open = pattern.indexOf('{', i);
      if (open < 0) {
        re.append(Pattern.quote(pattern.substring(i)));
        break;
      }
      re.append(Pattern.quote(pattern.substring(i, open)));
      int close = pattern.indexOf('}', open);
      String name = pattern.substring(open + 1, close);
      re.append(name.endsWith("...") ? "[^/].*" : "[^/]+");
      i = close + 1;
    }
    return Pattern.compile(re.toString());
  }
}
