package dev.packetwalk.check.node;

import dev.packetwalk.testing.NodeFixtures;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real node bundle with small edits, for the node checks: pods on node1, a kube-dns Service, and helpers to
 * rewrite one line of a real file.
 */
final class NodeCheckFixtures {
  private NodeCheckFixtures() {}

  static final String LINKS = "nodes/node1/iproute/ip-s-d-link.txt";
  static final String PORTS = "nodes/node1/iproute/bridge-d-link.txt";
  static final String POD_LINK = "nodes/node1/netns/pwrn-pod/ip-d-link.txt";
  static final String POD_ADDR = "nodes/node1/netns/pwrn-pod/ip-d-addr.txt";

  /** A running pod: namespace, name, node, IP. */
  static String pod(String ns, String name, String node, String ip) {
    return """
        - kind: Pod
          metadata: {name: %s, namespace: %s, labels: {app: %s}}
          spec: {nodeName: %s, containers: [{name: c, image: nginx}]}
          status:
            phase: Running
            podIP: %s
            podIPs: [{ip: %s}]
            conditions: [{type: Ready, status: "True"}]
        """.formatted(name, ns, name, node, ip, ip);
  }

  static String pods(String... items) {
    return "apiVersion: v1\nkind: List\nitems:\n" + String.join("", items);
  }

  /** The real node and cluster, plus pod default/web-1 at 10.244.1.5 (the real pwrn-pod namespace's address). */
  static Map<String, String> withWebPod() {
    Map<String, String> m = new TreeMap<>(NodeFixtures.realCluster());
    m.put("cluster/pods.json", pods(pod("default", "web-1", "node1", "10.244.1.5")));
    return m;
  }

  /** Replaces {@code from} by {@code to} in one file, failing when {@code from} is not there. */
  static void edit(Map<String, String> m, String path, String from, String to) {
    String text = m.get(path);
    if (text == null || !text.contains(from)) throw new AssertionError(path + " lacks " + from);
    m.put(path, text.replace(from, to));
  }
}
