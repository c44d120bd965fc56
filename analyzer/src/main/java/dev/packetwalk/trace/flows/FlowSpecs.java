package dev.packetwalk.trace.flows;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Proto;
import dev.packetwalk.trace.flows.Members.Member;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/**
 * Turns what a user types ({@code --from pod/shop/client-… --to svc/shop/api:http}) into a flow, with a message
 * naming what could not be resolved.
 */
public final class FlowSpecs {
  private final Cluster cluster;
  private final NodeDataplanes nodes;
  private final Members members;

  public FlowSpecs(Cluster cluster, NodeDataplanes nodes) {
    this.cluster = cluster;
    this.nodes = nodes;
    this.members = new Members(cluster, nodes);
  }

  /** Why a flow could not be built from the user's words. */
  public static final class SpecException extends Exception {
    public SpecException(String message) {
      super(message);
    }
  }

  private record Target(String label, String ip, int port, Proto proto, String node) {}

  public Flow resolve(String from, String to, String proto) throws SpecException {
    Optional<Proto> forced = Optional.empty();
    if (proto != null && !proto.isBlank()) {
      forced = Proto.parse(proto);
      if (forced.isEmpty()) throw new SpecException("unknown protocol '" + proto + "': use tcp, udp or icmp");
    }
    Target t = target(to);
    Proto p = forced.orElse(t.proto() != null ? t.proto() : t.port() > 0 ? Proto.TCP : Proto.ICMP);
    int port = p.hasPorts() ? t.port() : 0;
    if (p.hasPorts() && port <= 0) {
      throw new SpecException("--to " + to + " names no port, and " + p.lower() + " needs one (add :PORT)");
    }
    int sport = p.hasPorts() ? Flow.EPHEMERAL_PORT : 0;
    int len = FlowPlanner.SYN;
    int reply = FlowPlanner.SMALL_REPLY;
    if (from.startsWith("pod/")) {
      String key = from.substring(4);
      Optional<Member> m = members.byKey(key);
      if (m.isPresent()) {
        return new Flow(from, t.label(), p, m.get().ip(), sport, t.ip(), port, m.get().start(), len, reply);
      }
      Pod pod = pod(key).orElseThrow(() -> new SpecException("no pod " + key + " in the bundle"));
      if (pod.podIP().isEmpty()) throw new SpecException("pod " + key + " has no IP in the bundle");
      return new Flow(from, t.label(), p, pod.podIP(), sport, t.ip(), port,
          new Flow.Start(Flow.Start.Kind.POD, pod.nodeName(), "", key), len, reply);
    }
    if (from.startsWith("node/")) {
      String node = from.substring(5);
      String ip = nodeIp(node);
      return new Flow(from, t.label(), p, ip, sport, t.ip(), port, new Flow.Start(Flow.Start.Kind.NODE, node, "", ""),
          len, reply);
    }
    if (!isIp(from)) throw new SpecException("--from must be pod/NS/NAME, node/NAME or an IP address: " + from);
    Optional<Member> m = members.byIp(from);
    if (m.isPresent()) {
      return new Flow("pod/" + m.get().key(), t.label(), p, from, sport, t.ip(), port, m.get().start(), len, reply);
    }
    for (String n : nodes.names()) {
      if (members.nodeIp(n).equals(from)) {
        return new Flow("node/" + n, t.label(), p, from, sport, t.ip(), port,
            new Flow.Start(Flow.Start.Kind.NODE, n, "", ""), len, reply);
      }
    }
    if (t.node().isEmpty()) {
      throw new SpecException(from + " is neither a pod nor a node: an outside client needs a node to arrive at, so "
          + "use --to node/NAME:PORT or a node's address");
    }
    return new Flow(from, t.label(), p, from, sport, t.ip(), port,
        new Flow.Start(Flow.Start.Kind.EXTERNAL, t.node(), "", ""), len, reply);
  }

  private Target target(String to) throws SpecException {
    if (to.startsWith("svc/")) {
      String[] parts = to.substring(4).split(":", 2);
      String[] nn = parts[0].split("/", 2);
      if (nn.length != 2) throw new SpecException("--to svc/NAMESPACE/NAME[:PORT] expected: " + to);
      Service s = cluster.service(nn[0], nn[1]).orElseThrow(() -> new SpecException("no Service " + parts[0]));
      if (s.clusterIP().isEmpty() || s.headless()) {
        throw new SpecException("Service " + parts[0] + " has no ClusterIP (headless or ExternalName)");
      }
      if (s.ports().isEmpty()) throw new SpecException("Service " + parts[0] + " has no ports");
      ServicePort sp = s.ports().get(0);
      if (parts.length == 2) {
        sp = s.ports().stream().filter(x -> x.name().equals(parts[1]) || String.valueOf(x.port()).equals(parts[1]))
            .findFirst().orElseThrow(() -> new SpecException("Service " + parts[0] + " has no port " + parts[1]));
      }
      return new Target(FlowPlanner.svcRef(s, sp), s.clusterIP(), sp.port(), Proto.parse(sp.protocol()).orElse(null),
          "");
    }
    if (to.startsWith("pod/")) {
      String[] parts = to.substring(4).split(":", 2);
      int port = parts.length == 2 ? port(parts[1], to) : 0;
      Optional<Member> m = members.byKey(parts[0]);
      String ip = m.map(Member::ip).orElseGet(() -> pod(parts[0]).map(Pod::podIP).orElse(""));
      if (ip.isEmpty()) throw new SpecException("no pod " + parts[0] + " with an IP in the bundle");
      if (port == 0 && m.isPresent() && m.get().port() > 0) port = m.get().port();
      return new Target(to, ip, port, null, "");
    }
    if (to.startsWith("node/")) {
      String[] parts = to.substring(5).split(":", 2);
      int port = parts.length == 2 ? port(parts[1], to) : 0;
      return new Target(to, nodeIp(parts[0]), port, null, parts[0]);
    }
    int colon = to.lastIndexOf(':');
    String ip = to;
    int port = 0;
    if (colon > 0 && to.indexOf(':') == colon) {
      ip = to.substring(0, colon);
      port = port(to.substring(colon + 1), to);
    } else if (to.startsWith("[") && to.contains("]:")) {
      ip = to.substring(1, to.indexOf(']'));
      port = port(to.substring(to.indexOf("]:") + 2), to);
    }
    if (!isIp(ip)) throw new SpecException("--to must be pod/…, svc/…, node/NAME:PORT or IP[:PORT]: " + to);
    String node = "";
    for (String n : nodes.names()) if (members.nodeIp(n).equals(ip)) node = n;
    return new Target(to, ip, port, null, node);
  }

  private String nodeIp(String node) throws SpecException {
    if (nodes.get(node).isEmpty() && cluster.node(node).isEmpty()) throw new SpecException("no node " + node);
    String ip = members.nodeIp(node);
    if (ip.isEmpty()) throw new SpecException("node " + node + " has no address in the bundle");
    return ip;
  }

  private Optional<Pod> pod(String key) {
    String[] nn = key.split("/", 2);
    return nn.length == 2 ? cluster.pod(nn[0], nn[1]) : Optional.empty();
  }

  private static int port(String text, String spec) throws SpecException {
    try {
      int p = Integer.parseInt(text);
      if (p > 0 && p < 65536) return p;
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new SpecException("not a port number in " + spec + ": " + text);
  }

  private static boolean isIp(String s) {
    return new IPAddressString(s).isIPAddress();
  }
}
