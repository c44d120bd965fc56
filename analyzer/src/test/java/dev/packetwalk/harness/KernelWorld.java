package dev.packetwalk.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.collector.CollectorRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small Kubernetes-shaped cluster made of network namespaces, built from the world that {@code harness/world.py}
 * describes: a "switch" namespace with bridge {@code br0} (10.0.0.1, forwards nothing), one namespace per node with
 * {@code eth0} on the switch, a {@code cni0} bridge, ip_forward=1, routes to the other nodes' podCIDRs (host-gw, or
 * flannel's VXLAN: {@code flannel.1} with static neighbour and FDB entries) and kube-proxy's rules loaded with
 * iptables-restore, and one namespace per pod on a veth into cni0 running its servers.
 *
 * <p>{@link #reset()} puts every node back to the healthy state (sysctls, routes, rules and counters, conntrack), so
 * one build serves every fault. Everything is undone by {@link #close()}.
 */
public final class KernelWorld implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A node as the world describes it, with its namespace and fake host root. */
  public record Node(String name, String ip, String podCidr, String bridgeIp, String vtepMac, String ns,
      Path hostRoot) {
    /** The podCIDR's network address: flannel puts it on flannel.1 and routes the podCIDR via it. */
    String network() {
      return podCidr.substring(0, podCidr.indexOf('/'));
    }
  }

  /** A pod, with its namespace. */
  public record Pod(String name, String namespace, String node, String ip, String ns, JsonNode spec) {}

  private final Netns netns;
  private final Path dir;
  private final JsonNode topology;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final String python;
  private String switchNs;

  private KernelWorld(Netns netns, Path dir, JsonNode topology) {
    this.netns = netns;
    this.dir = dir;
    this.topology = topology;
    this.python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  /** The harness scripts (world.py, podserver.py, probe.py), read from the source tree. */
  public static Path script(String name) {
    return CollectorRun.repo().resolve("analyzer/src/test/resources/harness").resolve(name);
  }

  /**
   * Generates the world description (world.py) into {@code base/<namespace prefix>/} and builds it in namespaces. The
   * directory carries the prefix so that {@link Netns#removeStale()} finds the bind mounts of a dead run. On any
   * failure the half-built world is torn down before the exception leaves.
   */
  public static KernelWorld build(Path base, String cni) throws Exception {
    Netns netns = new Netns();
    Path dir = Files.createDirectories(base.resolve(netns.prefix()));
    Netns.Proc gen = Netns.run(List.of("python3", script("world.py").toString(), "--repo",
        CollectorRun.repo().toString(), "--cni", cni, dir.resolve("generated").toString()));
    if (!gen.ok()) {
      throw new AssertionError("world.py failed: " + gen.out());
    }
    JsonNode topology = JSON.readTree(dir.resolve("generated/topology.json").toFile());
    KernelWorld w = new KernelWorld(netns, dir, topology);
    try {
      w.buildNamespaces();
      return w;
    } catch (Exception | AssertionError e) {
      w.close();
      throw e;
    }
  }

  private void buildNamespaces() throws Exception {
    String gateway = topology.path("gateway").asText();
    String sw = netns.add("switch");
    switchNs = sw;
    netns.sh(sw, "ip", "link", "add", "br0", "type", "bridge");
    netns.sh(sw, "ip", "addr", "add", gateway + "/24", "dev", "br0");
    // clients outside the cluster: more addresses on br0, which their probes bind to
    for (JsonNode ip : topology.path("externalClients")) {
      netns.sh(sw, "ip", "addr", "add", ip.asText() + "/24", "dev", "br0");
    }
    netns.sh(sw, "ip", "link", "set", "br0", "up");
    for (JsonNode n : topology.path("nodes")) {
      String name = n.path("name").asText();
      Path hostRoot = dir.resolve("generated/hosts").resolve(name);
      Node node = new Node(name, n.path("ip").asText(), n.path("podCidr").asText(), n.path("bridgeIp").asText(),
          n.path("vtepMac").asText(), netns.add(name), hostRoot);
      nodes.put(name, node);
      netns.veth(sw, "to-" + name, node.ns(), "eth0");
      netns.sh(sw, "ip", "link", "set", "to-" + name, "master", "br0");
      netns.sh(node.ns(), "ip", "addr", "add", node.ip() + "/24", "dev", "eth0");
      netns.sh(node.ns(), "ip", "route", "add", "default", "via", gateway, "dev", "eth0");
      netns.sh(node.ns(), "ip", "link", "add", "cni0", "type", "bridge");
      netns.sh(node.ns(), "ip", "addr", "add", node.bridgeIp() + "/24", "dev", "cni0");
      netns.sh(node.ns(), "ip", "link", "set", "cni0", "up");
      if (vxlan()) {
        // as flanneld creates it: VNI 1, the node's VtepMAC (its annotation), no learning (entries are static)
        netns.sh(node.ns(), "ip", "link", "add", "flannel.1", "address", node.vtepMac(), "type", "vxlan", "id", "1",
            "local", node.ip(), "dev", "eth0", "dstport", "8472", "nolearning");
        netns.sh(node.ns(), "ip", "link", "set", "flannel.1", "mtu", topology.path("podMtu").asText(), "up");
        netns.sh(node.ns(), "ip", "addr", "add", node.network() + "/32", "dev", "flannel.1");
      }
    }
    String mtu = topology.path("podMtu").asText("1500");
    for (JsonNode p : topology.path("pods")) {
      Node node = nodes.get(p.path("node").asText());
      String name = p.path("name").asText();
      Pod pod = new Pod(name, p.path("namespace").asText(), node.name(), p.path("ip").asText(), netns.add(name), p);
      pods.put(name, pod);
      // host side named like the bridge plugin's (veth + 8 hex), eth0 in the pod
      String hostIf = hostVeth(name);
      netns.veth(node.ns(), hostIf, pod.ns(), "eth0");
      netns.sh(node.ns(), "ip", "link", "set", hostIf, "mtu", mtu);
      netns.sh(pod.ns(), "ip", "link", "set", "eth0", "mtu", mtu);
      netns.sh(node.ns(), "ip", "link", "set", hostIf, "master", "cni0");
      netns.sh(pod.ns(), "ip", "addr", "add", pod.ip() + "/24", "dev", "eth0");
      netns.sh(pod.ns(), "ip", "route", "add", "default", "via", node.bridgeIp());
      // the node's fake /run/netns shows the pod namespace under a containerd-like name, as on a real node
      netns.bindMount(pod.ns(), node.hostRoot().resolve("run/netns").resolve(p.path("netns").asText()));
    }
    reset();
    startServers();
  }

  private void startServers() throws Exception {
    List<Process> started = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    Files.createDirectories(dir.resolve("logs"));
    for (Pod pod : pods.values()) {
      List<String> cmd = new ArrayList<>(List.of(python, script("podserver.py").toString(), "--name", pod.name(),
          "--ip", pod.ip()));
      pod.spec().path("http").forEach(port -> cmd.addAll(List.of("--http", port.asText())));
      if (pod.spec().path("dns").asBoolean()) {
        topology.path("dnsRecords").fields().forEachRemaining(e -> cmd.addAll(List.of("--dns",
            e.getKey() + "=" + e.getValue().asText())));
      }
      Path log = dir.resolve("logs").resolve(pod.name() + ".log");
      started.add(netns.start(pod.ns(), log, cmd.toArray(String[]::new)));
      logs.add(log);
    }
    for (int i = 0; i < started.size(); i++) {
      Path log = logs.get(i);
      Process p = started.get(i);
      Netns.waitFor(() -> {
        if (!p.isAlive()) {
          throw new AssertionError("pod server ended: " + Files.readString(log));
        }
        return Files.readString(log).contains("ready");
      }, 20, "the pod server in " + log.getFileName());
    }
  }

  /** The host side of a pod's veth, named like the bridge plugin's (veth + 8 hex). */
  public static String hostVeth(String pod) {
    return "veth" + Integer.toHexString(0x10000000 | (pod.hashCode() & 0x0fffffff));
  }

  /** Whether pods reach other nodes through flannel's VXLAN rather than host-gw routes. */
  public boolean vxlan() {
    return topology.path("cni").asText().equals("flannel-vxlan");
  }

  /**
   * Every node back to healthy: forwarding on, routes to the other podCIDRs (and flannel's neighbour and FDB entries),
   * kube-proxy's rules (counters zeroed), no conntrack.
   */
  public void reset() {
    for (Node node : nodes.values()) {
      netns.sh(node.ns(), "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.bridge.bridge-nf-call-iptables=1");
      for (Node other : nodes.values()) {
        if (other == node) {
          continue;
        }
        if (vxlan()) {
          netns.sh(node.ns(), "ip", "route", "replace", other.podCidr(), "via", other.network(), "dev", "flannel.1",
              "onlink");
          netns.sh(node.ns(), "ip", "neigh", "replace", other.network(), "lladdr", other.vtepMac(), "dev", "flannel.1",
              "nud", "permanent");
          netns.sh(node.ns(), "bridge", "fdb", "replace", other.vtepMac(), "dev", "flannel.1", "dst", other.ip(),
              "self", "permanent");
        } else {
          netns.sh(node.ns(), "ip", "route", "replace", other.podCidr(), "via", other.ip(), "dev", "eth0");
        }
      }
      loadRules(node.name(), node.name() + ".rules");
      netns.exec(node.ns(), "conntrack", "-F");
    }
  }

  /** Replaces a node's whole ruleset with {@code generated/rules/FILE} (iptables-restore, as kube-proxy does). */
  public void loadRules(String node, String file) {
    Netns.Proc p = netns.exec(nodes.get(node).ns(), dir.resolve("generated/rules").resolve(file),
        "iptables-restore");
    if (!p.ok()) {
      throw new AssertionError("iptables-restore " + file + " on " + node + ": " + p.out());
    }
  }

  /** Runs a command in a node's namespace (for faults), failing the test if it fails. */
  public String onNode(String node, String... cmd) {
    return netns.sh(nodes.get(node).ns(), cmd);
  }

  public Netns netns() {
    return netns;
  }

  public Path dir() {
    return dir;
  }

  public JsonNode topology() {
    return topology;
  }

  public Map<String, Node> nodes() {
    return nodes;
  }

  public Map<String, Pod> pods() {
    return pods;
  }

  public String python() {
    return python;
  }

  /** The namespace a probe starts in: a pod's, a node's, or the switch's for {@code external:<ip>}. */
  public String nsOf(String podOrNode) {
    if (podOrNode.startsWith("external:")) {
      return switchNs;
    }
    if (pods.containsKey(podOrNode)) {
      return pods.get(podOrNode).ns();
    }
    if (nodes.containsKey(podOrNode)) {
      return nodes.get(podOrNode).ns();
    }
    throw new IllegalArgumentException("no pod or node " + podOrNode);
  }

  @Override
  public void close() {
    netns.close();
  }
}
