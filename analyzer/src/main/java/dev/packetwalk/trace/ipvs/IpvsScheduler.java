package dev.packetwalk.trace.ipvs;

import dev.packetwalk.model.node.IpvsService;
import dev.packetwalk.trace.Packet;
import dev.packetwalk.trace.Step;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the real servers an IPVS virtual server may hand a new connection to, each with its chance.
 *
 * <p>A virtual server matches on protocol, virtual address and port. Every real server of weight above 0 is a
 * branch with probability weight / (sum of weights): exact for {@code rr} and {@code wrr} over many connections.
 * The connection-aware schedulers ({@code lc}, {@code wlc}, {@code sed}, {@code nq}, {@code lblc}, {@code lblcr}) and
 * the hashing ones ({@code sh}, {@code dh}, {@code mh}) are approximated by the same weight shares, since the
 * connection counts and the hash of the client at the moment of the packet are not in the evidence. Weight 0 means
 * quiesced (kube-proxy's terminating endpoints): no new connections go there. Persistence ({@code persistent N},
 * session affinity) does not change the shares for a client not seen before.
 *
 * <p>A matching virtual server without any real server of weight above 0 gives an empty list: IPVS has nowhere to
 * send the packet and drops it. The walk reports that like kube-proxy's "no endpoints" REJECT (a client sees its
 * connection fail; in IPVS mode kube-proxy also programs an iptables REJECT for Services without endpoints).
 *
 * <p>Firewall-mark ({@code FWM}) virtual servers are not matched: the node model does not keep their mark, so no
 * packet can be tied to one. They never match silently.
 */
public final class IpvsScheduler {

  /** One real server the connection may go to. */
  public record Pick(double probability, IpvsService.RealServer server, Step step) {}

  private final Map<String, IpvsService> byKey = new LinkedHashMap<>();

  public IpvsScheduler(List<IpvsService> services) {
    for (IpvsService s : services) {
      if (s.protocol().equalsIgnoreCase("FWM")) continue;
      String key = key(s.protocol(), s.address(), s.port());
      if (key != null) byKey.putIfAbsent(key, s);
    }
  }

  /**
   * The real servers a new connection of this packet can go to; empty Optional when no virtual server matches
   * (the packet is not IPVS's), an empty list when one matches but has no real server to send to.
   */
  public Optional<List<Pick>> schedule(Packet p) {
    IpvsService vs = service(p).orElse(null);
    if (vs == null) return Optional.empty();
    long total = vs.realServers().stream().mapToLong(IpvsScheduler::weight).sum();
    List<Pick> picks = new ArrayList<>();
    if (total == 0) return Optional.of(picks);
    String virtual = vs.protocol() + " " + endpoint(vs.address(), vs.port());
    String scheduler = vs.scheduler() + (vs.persistentSeconds() >= 0 ? " persistent " + vs.persistentSeconds() : "");
    for (IpvsService.RealServer r : vs.realServers()) {
      if (weight(r) <= 0) continue;
      String real = endpoint(r.address(), r.port()) + " " + r.forward() + " weight " + r.weight();
      Step step = new Step.IpvsScheduling(virtual + " (" + vs.ref() + ")", real, scheduler, r.ref());
      picks.add(new Pick(weight(r) / (double) total, r, step));
    }
    return Optional.of(List.copyOf(picks));
  }

  /** The virtual server this packet is addressed to, if any. */
  public Optional<IpvsService> service(Packet p) {
    if (byKey.isEmpty() || !p.proto().hasPorts()) return Optional.empty();
    String key = key(p.proto().name(), p.dst(), p.dport());
    return Optional.ofNullable(key == null ? null : byKey.get(key));
  }

  /** The weight; the {@code --stats} view prints none (-1), and then every real server counts 1, as kube-proxy sets. */
  private static long weight(IpvsService.RealServer r) {
    return r.weight() < 0 ? 1 : r.weight();
  }

  /** {@code TCP|10.96.0.10|53}, with IPv6 addresses in canonical form; null for an unreadable address. */
  private static String key(String protocol, String address, int port) {
    IPAddress a = new IPAddressString(address.replace("[", "").replace("]", "")).getAddress();
    if (a == null) return null;
    return protocol.toUpperCase(Locale.ROOT) + "|" + a.toCanonicalString() + "|" + port;
  }

  private static String endpoint(String address, int port) {
    return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
  }
}
