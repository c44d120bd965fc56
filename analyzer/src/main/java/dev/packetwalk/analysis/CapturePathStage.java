package dev.packetwalk.analysis;

import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.StreamedEntry;
import dev.packetwalk.bundle.Manifest;
import dev.packetwalk.capture.CaptureResult;
import dev.packetwalk.capture.path.Attachment;
import dev.packetwalk.capture.path.CapturePath;
import dev.packetwalk.capture.path.PathMatch;
import dev.packetwalk.capture.path.PathMatcher;
import dev.packetwalk.capture.path.PathMatcher.Point;
import dev.packetwalk.capture.path.PathMatcher.Target;
import dev.packetwalk.capture.path.PathRole;
import dev.packetwalk.capture.path.PointPacket;
import dev.packetwalk.capture.path.PointReader;
import dev.packetwalk.capture.path.TraceAgreement;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.flows.FlowSpecs;
import dev.packetwalk.trace.walk.Tracer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The captured path of a bundle ({@code manifest.json capturePath}, written by {@code packetwalk-collect
 * --capture-path FROM TO}): the capture points with a role are read for matching, the client's conversations to TO
 * at its veth become flows (one per protocol, destination and port), each is matched over the points, traced from
 * the collected configuration (with the largest answer the server sent as the reply size, so that a large answer
 * meets the path MTU as the real one did), and the capture verdict is set on the trace.
 */
public final class CapturePathStage {
  static final int MAX_FLOWS = 5;

  private CapturePathStage() {}

  /** The captured path of the bundle, from its manifest's record of it; nothing when the manifest has none. */
  public static List<CapturePath> run(Manifest manifest, Bundle bundle, List<CaptureResult> captures,
      Cluster cluster, NodeDataplanes nodes) {
    Manifest.CapturePath cp = manifest == null ? null : manifest.capturePath().orElse(null);
    if (cp == null) return List.of();
    String from = cp.from();
    String to = cp.to();
    String client = cp.client().ip();
    String server = cp.server().ip();
    List<String> notes = new ArrayList<>();
    if (!cp.error().isEmpty()) notes.add("the collector: " + cp.error());
    TreeMap<PathRole, Point> points = new TreeMap<>();
    int serverMtu = 0;
    for (CaptureResult c : captures) {
      if (c.point() == null) continue;
      Optional<PathRole> role = PathRole.of(c.point().role());
      if (role.isEmpty()) continue;
      PointReader.Packets ps;
      try (InputStream in = open(bundle, c.path())) {
        if (in == null) continue;
        ps = PointReader.read(c.path(), in);
      } catch (IOException e) {
        notes.add(c.path() + " could not be read again for matching: " + e.getMessage());
        continue;
      }
      if (ps.cut()) notes.add(c.path() + ": only its first " + PointReader.MAX_PACKETS + " packets are matched");
      points.put(role.get(), new Point(role.get(), c.path(), c.node(), ps.packets(),
          clockNanos(c.point().listeningClock()), clockNanos(c.point().endClock())));
      if (role.get() == PathRole.SERVER_VETH) serverMtu = mtu(nodes, c.node(), c.point().iface());
    }
    for (Manifest.CapturePoint p : cp.points()) {
      if (!p.outcome().equals("ok")) {
        notes.add(p.role() + " was not captured: " + p.outcome() + (p.detail().isEmpty() ? "" : " (" + p.detail()
            + ")"));
      }
    }
    if (!points.containsKey(PathRole.CLIENT_VETH) || client.isEmpty()) {
      notes.add("no client-veth capture with a client address: the client's requests cannot be picked out");
      return List.of(new CapturePath(from, to, "", null, new PathMatch(List.of(), List.of(), 0, List.of()),
          Attachment.NONE, notes));
    }
    Set<String> dsts = destinations(to, server, cluster);
    Map<Target, Integer> targets = targets(points.get(PathRole.CLIENT_VETH).packets(), client, dsts);
    if (targets.isEmpty()) {
      notes.add("client-veth saw no packet from " + client + " to " + String.join(", ", dsts));
    }
    Tracer tracer = nodes.isEmpty() ? null : new Tracer(cluster, nodes);
    FlowSpecs specs = new FlowSpecs(cluster, nodes);
    List<CapturePath> out = new ArrayList<>();
    for (Target t : targets.keySet()) {
      if (out.size() == MAX_FLOWS) {
        notes.add((targets.size() - MAX_FLOWS) + " further flow(s) from the client are not matched");
        break;
      }
      PathMatch m = PathMatcher.match(List.copyOf(points.values()), t, otherEndpoints(to, server, cluster));
      List<String> own = new ArrayList<>(notes);
      Trace trace = null;
      if (tracer == null) {
        own.add("the bundle has no node dataplane: the flow is not traced");
      } else {
        try {
          Flow f = specs.resolve(from, spec(to, t, cluster), proto(t));
          trace = tracer.trace(withReply(f, largestAnswer(points.get(PathRole.SERVER_VETH), server, t, serverMtu)));
        } catch (FlowSpecs.SpecException e) {
          own.add("not traced: " + e.getMessage());
        }
      }
      out.add(new CapturePath(from, to, describe(t), trace, m, TraceAgreement.attach(m, trace), own));
    }
    return out;
  }

  /** A node clock as the collector records it ({@code date +%s.%N}: seconds.nanoseconds), in ns; 0 if unreadable. */
  static long clockNanos(String clock) {
    if (!clock.matches("\\d{1,12}(\\.\\d{1,9})?")) return 0;
    String[] p = clock.split("\\.");
    long ns = p.length == 2 ? Long.parseLong((p[1] + "000000000").substring(0, 9)) : 0;
    return Long.parseLong(p[0]) * 1_000_000_000L + ns;
  }

  /** A capture held in memory, or one streamed from the archive (over 8 MiB); null when the bundle has neither. */
  private static InputStream open(Bundle bundle, String path) throws IOException {
    Optional<byte[]> held = bundle.file(path);
    if (held.isPresent()) return new ByteArrayInputStream(held.get());
    Optional<StreamedEntry> streamed = bundle.streamed(path);
    return streamed.isPresent() ? streamed.get().open() : null;
  }

  /** The addresses TO stands for: a Service's cluster IPs, and the server pod the collector resolved. */
  static Set<String> destinations(String to, String server, Cluster cluster) {
    Set<String> out = new TreeSet<>();
    if (!server.isEmpty()) out.add(server);
    Optional<Service> svc = service(to, cluster);
    svc.ifPresent(s -> {
      if (!s.clusterIP().isEmpty() && !s.clusterIP().equals("None")) out.add(s.clusterIP());
      s.clusterIPs().stream().filter(ip -> !ip.equals("None")).forEach(out::add);
    });
    if (!to.contains("/")) out.add(to);
    return out;
  }

  /** The ready endpoints of the Service TO stands for, but the captured server: where else NAT may send a request. */
  static Set<String> otherEndpoints(String to, String server, Cluster cluster) {
    Set<String> out = new TreeSet<>();
    service(to, cluster).flatMap(cluster::endpointsOf).ifPresent(es -> es.ready().forEach(a -> out.add(a.ip())));
    out.remove(server);
    return out;
  }

  /** The client's conversations to those addresses at its veth, in order of first appearance, with packet counts. */
  static Map<Target, Integer> targets(List<PointPacket> packets, String client, Set<String> dsts) {
    Map<Target, Integer> out = new LinkedHashMap<>();
    for (PointPacket p : packets) {
      if (!p.src().equals(client) || !dsts.contains(p.dst()) || p.icmpError()) continue;
      boolean icmp = p.proto() == 1 || p.proto() == 58;
      if (icmp && p.icmpType() != 8 && p.icmpType() != 128) continue;
      out.merge(new Target(p.proto(), client, p.dst(), icmp ? 0 : p.dport()), 1, Integer::sum);
    }
    return out;
  }

  private static Optional<Service> service(String to, Cluster cluster) {
    if (!to.startsWith("svc/")) return Optional.empty();
    String[] nn = to.substring(4).split(":", 2)[0].split("/", 2);
    return nn.length == 2 ? cluster.service(nn[0], nn[1]) : Optional.empty();
  }

  /** What FlowSpecs reads: {@code svc/NS/NAME:PORT} when the client used the Service's cluster IP, else IP[:PORT]. */
  private static String spec(String to, Target t, Cluster cluster) {
    Optional<Service> svc = service(to, cluster);
    boolean viaService = svc.isPresent() && (svc.get().clusterIP().equals(t.dst())
        || svc.get().clusterIPs().contains(t.dst()));
    String base = viaService ? to.split(":", 2)[0] : t.dst().contains(":") ? "[" + t.dst() + "]" : t.dst();
    return t.dport() > 0 ? base + ":" + t.dport() : base;
  }

  private static String proto(Target t) {
    return switch (t.proto()) {
      case 6 -> "tcp";
      case 17 -> "udp";
      default -> "icmp";
    };
  }

  /**
   * The largest packet the server sent at its veth, or 0. A capture on a veth sees segmentation-offload
   * super-packets (up to 64 KiB) that leave as MTU-sized segments, so the size is capped at the veth's MTU (1500 when
   * the node evidence does not say): the largest segment the server can have put on the wire.
   */
  static int largestAnswer(Point serverVeth, String server, Target t, int mtu) {
    if (serverVeth == null) return 0;
    int max = 0;
    for (PointPacket p : serverVeth.packets()) {
      if (p.src().equals(server) && p.proto() == t.proto() && !p.icmpError()) max = Math.max(max, p.length());
    }
    return Math.min(max, mtu > 0 ? mtu : 1500);
  }

  private static int mtu(NodeDataplanes nodes, String node, String iface) {
    return nodes.get(node).flatMap(n -> n.interfaces().stream().filter(i -> i.name().equals(iface)).findFirst())
        .map(dev.packetwalk.model.node.NodeInterface::mtu).orElse(0);
  }

  private static Flow withReply(Flow f, int reply) {
    if (reply <= f.replyLength()) return f;
    return new Flow(f.from(), f.to(), f.proto(), f.src(), f.srcPort(), f.dst(), f.dstPort(), f.start(), f.length(),
        reply);
  }

  private static String describe(Target t) {
    String proto = switch (t.proto()) {
      case 6 -> "tcp";
      case 17 -> "udp";
      case 58 -> "icmpv6";
      default -> "icmp";
    };
    return proto + " " + t.client() + " → " + t.dst() + (t.dport() > 0 ? ":" + t.dport() : "");
  }
}
