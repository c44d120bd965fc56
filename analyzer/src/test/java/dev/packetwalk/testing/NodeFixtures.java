package dev.packetwalk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real node bundle under {@code src/test/resources/nodes/real-node1} (made by packetwalk-node in scratch
 * namespaces, see make-real-node.sh) and a cluster that matches it: node1 (10.244.1.0/24, flannel VXLAN, FORWARD
 * DROP, ip_forward 0), node2 (10.244.2.0/24, routed via flannel.1), node3 (10.244.3.0/24, no route); Service
 * default/web whose second DNAT target 10.244.1.9 is not a ready endpoint; Service default/api without endpoints.
 */
public final class NodeFixtures {
  private NodeFixtures() {}

  public static final String NODES = """
      apiVersion: v1
      kind: List
      items:
      - kind: Node
        metadata: {name: node1}
        spec: {podCIDR: 10.244.1.0/24}
        status: {addresses: [{type: InternalIP, address: 192.168.56.11}]}
      - kind: Node
        metadata: {name: node2}
        spec: {podCIDR: 10.244.2.0/24}
        status: {addresses: [{type: InternalIP, address: 192.168.56.12}]}
      - kind: Node
        metadata: {name: node3}
        spec: {podCIDR: 10.244.3.0/24}
        status: {addresses: [{type: InternalIP, address: 192.168.56.13}]}
      """;

  public static final String SERVICES = """
      apiVersion: v1
      kind: List
      items:
      - kind: Service
        metadata: {name: web, namespace: default}
        spec:
          clusterIP: 10.96.0.20
          clusterIPs: [10.96.0.20]
          selector: {app: web}
          ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]
      - kind: Service
        metadata: {name: api, namespace: default}
        spec:
          clusterIP: 10.96.0.30
          clusterIPs: [10.96.0.30]
          selector: {app: api}
          ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]
      """;

  public static final String SLICES = """
      apiVersion: v1
      kind: List
      items:
      - kind: EndpointSlice
        apiVersion: discovery.k8s.io/v1
        metadata: {name: web-abc, namespace: default, labels: {kubernetes.io/service-name: web}}
        addressType: IPv4
        ports: [{name: http, port: 8080, protocol: TCP}]
        endpoints:
        - addresses: [10.244.1.5]
          conditions: {ready: true}
          nodeName: node1
      """;

  /** The real node files, by bundle path (the node's own manifest kept as nodes/node1/manifest.json). */
  public static Map<String, String> realNode() {
    Path root = Path.of("src/test/resources/nodes/real-node1");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root.resolve("nodes"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
      }
      out.put("nodes/node1/manifest.json", Files.readString(root.resolve("manifest.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The real node plus the matching cluster files. */
  public static Map<String, String> realCluster() {
    Map<String, String> m = new TreeMap<>(realNode());
    m.put("cluster/nodes.json", NODES);
    m.put("cluster/services.json", SERVICES);
    m.put("cluster/endpointslices.json", SLICES);
    return m;
  }

  /** The line number of the first line of a real node file containing {@code needle}. */
  public static int line(String path, String needle) {
    String[] lines = realNode().get(path).split("\n", -1);
    for (int i = 0; i < lines.length; i++) if (lines[i].contains(needle)) return i + 1;
    throw new AssertionError(path + " has no line containing " + needle);
  }
}
