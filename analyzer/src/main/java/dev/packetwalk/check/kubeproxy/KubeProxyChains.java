package dev.packetwalk.check.kubeproxy;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointPort;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NfRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * kube-proxy's iptables vocabulary: chain names recomputed as kube-proxy computes them, and the comments it writes.
 * Recomputing matters because in large clusters (over 1000 endpoints) kube-proxy stops writing comments.
 */
public final class KubeProxyChains {
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private KubeProxyChains() {}

  /** "ns/svc:portname", kube-proxy's ServicePortName (the port name is empty for an unnamed port). */
  public static String portName(Service s, ServicePort p) {
    return s.meta().namespace() + "/" + s.meta().name() + ":" + p.name();
  }

  /**
   * {@code KUBE-SVC-} + the first 16 characters of base32(sha256(servicePortName + protocol)), protocol lower-case
   * (pkg/proxy/iptables/proxier.go {@code portProtoHash}).
   */
  public static String svcChain(Service s, ServicePort p) {
    return "KUBE-SVC-" + hash(portName(s, p) + p.protocol().toLowerCase(Locale.ROOT));
  }

  /** {@code KUBE-SVL-}: the chain of local endpoints, made when a traffic policy is Local. */
  public static String svlChain(Service s, ServicePort p) {
    return "KUBE-SVL-" + hash(portName(s, p) + p.protocol().toLowerCase(Locale.ROOT));
  }

  /** {@code KUBE-FW-}: the loadBalancerSourceRanges chain of a port. */
  public static String fwChain(Service s, ServicePort p) {
    return "KUBE-FW-" + hash(portName(s, p) + p.protocol().toLowerCase(Locale.ROOT));
  }

  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return base32(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    return sb.toString();
  }

  /** The "ns/svc:port" a kube-proxy comment names, or null: {@code "ns/svc:port cluster IP"}, {@code "… -> ip"}. */
  public static String commentPort(NfRule r) {
    String c = r.comment();
    if (c.isEmpty() || c.indexOf('/') < 0 || c.indexOf(':') < 0) return null;
    int sp = c.indexOf(' ');
    return sp < 0 ? c : c.substring(0, sp);
  }

  /**
   * The ready endpoints of one Service port as "ip:port", from EndpointSlices when collected, else Endpoints; the
   * endpoint port is the one whose name matches the Service port's.
   */
  public static TreeSet<String> readyEndpoints(Cluster c, Service s, ServicePort p) {
    List<EndpointSet> sets = c.has(Cluster.Kind.ENDPOINT_SLICES) ? c.slicesOf(s)
        : c.endpointsOf(s).map(List::of).orElse(List.of());
    TreeSet<String> out = new TreeSet<>();
    for (EndpointSet set : sets) {
      EndpointPort port = set.ports().stream().filter(ep -> ep.name().equals(p.name())
          && ep.protocol().equalsIgnoreCase(p.protocol())).findFirst()
          .orElse(set.ports().size() == 1 ? set.ports().get(0) : null);
      if (port == null) continue;
      for (EndpointAddress a : set.ready()) out.add(a.ip() + ":" + port.port());
    }
    return out;
  }

  /** Whether the bundle can say what the endpoints are. */
  public static boolean endpointsKnown(Cluster c) {
    return c.has(Cluster.Kind.ENDPOINT_SLICES) || c.has(Cluster.Kind.ENDPOINTS);
  }

  /** The Service and port a "ns/svc:port" names, when the bundle has them. */
  public static java.util.Optional<java.util.Map.Entry<Service, ServicePort>> lookup(Cluster c, String portName) {
    int slash = portName.indexOf('/');
    int colon = portName.lastIndexOf(':');
    if (slash < 0 || colon < slash) return java.util.Optional.empty();
    String port = portName.substring(colon + 1);
    return c.service(portName.substring(0, slash), portName.substring(slash + 1, colon)).flatMap(s -> s.ports()
        .stream().filter(p -> p.name().equals(port)).findFirst().map(p -> java.util.Map.entry(s, p)));
  }

  /** The nodes that hold a ready endpoint of the Service, by name. */
  public static TreeSet<String> readyNodes(Cluster c, Service s) {
    List<EndpointSet> sets = c.has(Cluster.Kind.ENDPOINT_SLICES) ? c.slicesOf(s)
        : c.endpointsOf(s).map(List::of).orElse(List.of());
    TreeSet<String> out = new TreeSet<>();
    for (EndpointSet set : sets) {
      for (EndpointAddress a : set.ready()) if (a.nodeName() != null && !a.nodeName().isEmpty()) out.add(a.nodeName());
    }
    return out;
  }
}
