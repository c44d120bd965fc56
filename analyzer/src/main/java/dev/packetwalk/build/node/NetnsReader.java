package dev.packetwalk.build.node;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.PodNetns;
import dev.packetwalk.model.node.ResolverConfig;
import dev.packetwalk.model.node.Route;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.iproute.IpAddrInterface;
import dev.packetwalk.parse.iproute.IpAddrParser;
import dev.packetwalk.parse.iproute.IpAddress;
import dev.packetwalk.parse.iproute.IpLink;
import dev.packetwalk.parse.iproute.IpLinkParser;
import dev.packetwalk.parse.iproute.IpNeighParser;
import dev.packetwalk.parse.iproute.IpNeighbour;
import dev.packetwalk.parse.iproute.IpRoute;
import dev.packetwalk.parse.iproute.IpRouteParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** One {@code netns/<name>/} directory: the pod side of a veth, and which pod crictl says owns it. */
final class NetnsReader {
  private NetnsReader() {}

  static PodNetns read(NodeFiles f, String ns, BiFunction<String, String, ResolverConfig> resolver) {
    String dir = "netns/" + ns + "/";
    List<String> addresses = new ArrayList<>();
    int[] mtu = {0};
    SourceRef[] eth0 = {null};
    f.text(dir + "ip-d-addr.txt").ifPresent(t -> {
      Parsed<List<IpAddrInterface>> p = IpAddrParser.parse(f.path(dir + "ip-d-addr.txt"), t);
      f.read(dir + "ip-d-addr.txt", p.value().size(), p.warnings(), "interface(s)");
      for (IpAddrInterface i : p.value()) {
        if (!i.link().name().equals("eth0")) continue;
        if (i.link().mtu() != null) {
          mtu[0] = i.link().mtu();
          eth0[0] = SourceRef.line(f.path(dir + "ip-d-addr.txt"), i.link().line());
        }
        for (IpAddress a : i.addresses()) if (!"link".equals(a.scope())) addresses.add(a.local());
      }
    });
    f.text(dir + "ip-d-link.txt").ifPresent(t -> {
      Parsed<List<IpLink>> p = IpLinkParser.parse(f.path(dir + "ip-d-link.txt"), t);
      f.read(dir + "ip-d-link.txt", p.value().size(), p.warnings(), "interface(s)");
      for (IpLink l : p.value()) {
        if (!l.name().equals("eth0") || l.mtu() == null) continue;
        mtu[0] = l.mtu();
        eth0[0] = SourceRef.line(f.path(dir + "ip-d-link.txt"), l.line());
      }
    });
    List<Route> routes = f.text(dir + "ip-route.txt").map(t -> {
      Parsed<List<IpRoute>> p = IpRouteParser.parse(f.path(dir + "ip-route.txt"), t);
      f.read(dir + "ip-route.txt", p.value().size(), p.warnings(), "route(s) on the pod side");
      return RouteConverter.routes(f.path(dir + "ip-route.txt"), p.value());
    }).orElse(List.of());
    f.text(dir + "ip-neigh.txt").ifPresent(t -> {
      Parsed<List<IpNeighbour>> p = IpNeighParser.parse(f.path(dir + "ip-neigh.txt"), t);
      f.read(dir + "ip-neigh.txt", p.value().size(), p.warnings(), "neighbour(s) on the pod side");
    });
    NetnsSockets.Result sockets = NetnsSockets.read(f, dir);
    ResolverConfig resolv = f.text(dir + "resolv.conf").map(t -> resolver.apply(dir + "resolv.conf", t))
        .orElse(null);

    int iflink = 0;
    SourceRef iflinkRef = null;
    String rel = dir + "eth0-iflink.txt";
    if (f.has(rel)) {
      String t = f.text(rel).orElse("").strip();
      List<ParseWarning> ws = new ArrayList<>();
      try {
        iflink = Integer.parseInt(t);
        iflinkRef = SourceRef.line(f.path(rel), 1);
      } catch (NumberFormatException e) {
        ws.add(new ParseWarning(f.path(rel), 1, ParseWarning.Kind.MALFORMED, "not an ifindex", t));
      }
      f.read(rel, ws.isEmpty() ? 1 : 0, ws, "ifindex: " + t);
    }

    Map<String, String> pod = new HashMap<>();
    SourceRef podRef = null;
    String podRel = dir + "pod.txt";
    if (f.has(podRel)) {
      String[] lines = f.text(podRel).orElse("").split("\n", -1);
      for (String l : lines) {
        int eq = l.indexOf('=');
        if (eq > 0) pod.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
      }
      podRef = SourceRef.line(f.path(podRel), 1);
      f.read(podRel, pod.size(), List.of(), "key(s)");
    }
    return new PodNetns(ns, pod.get("namespace"), pod.get("name"), iflink, addresses, iflinkRef, podRef, mtu[0],
        eth0[0], resolv, routes, sockets.listeners(), sockets.known());
  }
}
