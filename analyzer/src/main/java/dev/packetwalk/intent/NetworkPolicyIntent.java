package dev.packetwalk.intent;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.LabelSelector;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.model.cluster.Pod;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the cluster's networking.k8s.io/v1 NetworkPolicies intend for a connection, with the API's semantics:
 *
 * <ul>
 *   <li>a pod is isolated for a direction iff a policy of its namespace selects it and lists that direction in its
 *       (defaulted) policyTypes; a pod not isolated in a direction allows everything in it;
 *   <li>an isolated pod allows a connection iff some rule of some selecting policy matches it (union, no order);
 *   <li>a rule with no peers matches every peer, a rule with no ports every port;
 *   <li>a peer with podSelector alone means pods of the policy's namespace; namespaceSelector alone all pods of the
 *       matching namespaces (labels include {@code kubernetes.io/metadata.name}); both means the intersection;
 *   <li>ipBlock matches addresses in cidr and not in any except. The API documents it for cluster-external
 *       addresses; implementations differ for pod IPs, and this evaluator treats pod IPs as matching, with a note;
 *   <li>a named port is resolved against the destination pod's container ports of the same protocol; endPort makes
 *       a numeric port a range; protocols are TCP (default), UDP and SCTP;
 *   <li>hostNetwork pods are not subject to policies, and pod selectors do not select them as peers.
 * </ul>
 *
 * <p>Neither AdminNetworkPolicy nor CNI-specific policies (Calico, Cilium) are evaluated.
 */
public final class NetworkPolicyIntent {
  private static final String NAME_LABEL = "kubernetes.io/metadata.name";

  private final Cluster cluster;
  private final Map<String, IPAddress> parsed = new HashMap<>();

  public NetworkPolicyIntent(Cluster cluster) {
    this.cluster = cluster;
  }

  /** The policy decision for a connection from {@code src} to {@code dst} on {@code protocol}/{@code port}. */
  public Verdict evaluate(Endpoint src, Endpoint dst, String protocol, int port) {
    String proto = protocol == null || protocol.isEmpty() ? "TCP" : protocol.toUpperCase(Locale.ROOT);
    Set<String> notes = new LinkedHashSet<>();
    Verdict.Side egress = side(Direction.EGRESS, src, dst, proto, port, notes);
    Verdict.Side ingress = side(Direction.INGRESS, dst, src, proto, port, notes);
    return new Verdict(egress, ingress, new ArrayList<>(notes));
  }

  /** Whether any policy isolates the pod in the direction. */
  public boolean isolated(Pod pod, Direction direction) {
    return !isolating(pod, direction).isEmpty();
  }

  /** The policies that isolate the pod in the direction; empty for hostNetwork pods. */
  public List<NetworkPolicy> isolating(Pod pod, Direction direction) {
    if (pod.hostNetwork()) return List.of();
    return cluster.networkPolicies().stream()
        .filter(p -> direction == Direction.INGRESS ? p.ingressIsolated() : p.egressIsolated())
        .filter(p -> selects(p, pod)).toList();
  }

  /** Whether the policy's podSelector selects the pod (same namespace, not hostNetwork). */
  public boolean selects(NetworkPolicy policy, Pod pod) {
    return !pod.hostNetwork() && pod.meta().namespace().equals(policy.meta().namespace())
        && policy.podSelector().matches(pod.meta().labels());
  }

  /** The non-terminal pods the policy applies to. */
  public List<Pod> selectedPods(NetworkPolicy policy) {
    return cluster.podsIn(policy.meta().namespace()).stream().filter(p -> !p.terminal() && selects(policy, p))
        .toList();
  }

  /** The non-terminal pods a selector peer stands for; empty for ipBlock peers. */
  public List<Pod> peerPods(NetworkPolicy policy, NetworkPolicy.Peer peer) {
    if (peer.isIpBlock()) return List.of();
    return cluster.pods().stream().filter(p -> !p.terminal() && selectorPeerMatches(policy, peer, p)).toList();
  }

  /** Namespaces a namespaceSelector matches, by name. */
  public List<String> namespacesMatching(LabelSelector selector) {
    return cluster.namespaces().stream().map(n -> n.meta().name())
        .filter(n -> selector.matches(namespaceLabels(n))).toList();
  }

  /** A namespace's labels as selectors see them: collected labels plus {@code kubernetes.io/metadata.name}. */
  public Map<String, String> namespaceLabels(String namespace) {
    Map<String, String> labels = new HashMap<>(cluster.namespace(namespace)
        .map(n -> n.meta().labels()).orElse(Map.of()));
    labels.put(NAME_LABEL, namespace);
    return labels;
  }

  private Verdict.Side side(Direction d, Endpoint self, Endpoint peer, String proto, int port, Set<String> notes) {
    if (!self.isPod()) return new Verdict.Side(d, false, false, List.of(), List.of());
    if (self.pod().hostNetwork()) {
      notes.add(self.label() + " uses hostNetwork: NetworkPolicies do not apply to it");
      return new Verdict.Side(d, false, false, List.of(), List.of());
    }
    List<NetworkPolicy> isolating = isolating(self.pod(), d);
    List<Verdict.RuleMatch> allowing = new ArrayList<>();
    Endpoint dst = d == Direction.EGRESS ? peer : self;
    for (NetworkPolicy p : isolating) {
      List<NetworkPolicy.Rule> rules = d == Direction.INGRESS ? p.ingress() : p.egress();
      for (int i = 0; i < rules.size(); i++) {
        NetworkPolicy.Rule r = rules.get(i);
        if (portsMatch(r.ports(), proto, port, dst) && peersMatch(p, r.peers(), peer, notes)) {
          allowing.add(new Verdict.RuleMatch(p, i, r.ref()));
        }
      }
    }
    return new Verdict.Side(d, true, !isolating.isEmpty(), isolating, allowing);
  }

  private boolean peersMatch(NetworkPolicy policy, List<NetworkPolicy.Peer> peers, Endpoint other,
      Set<String> notes) {
    if (peers.isEmpty()) return true;
    for (NetworkPolicy.Peer peer : peers) {
      if (peerMatches(policy, peer, other, notes)) return true;
    }
    return false;
  }

  private boolean peerMatches(NetworkPolicy policy, NetworkPolicy.Peer peer, Endpoint other, Set<String> notes) {
    if (peer.isIpBlock()) {
      boolean m = other.ips().stream().anyMatch(ip -> inIpBlock(peer, ip, notes));
      if (m && other.isPod() && !other.pod().hostNetwork()) {
        notes.add("ipBlock " + peer.ipBlockCidr() + " of " + policy.meta().key() + " matched the pod IP of "
            + other.label() + "; the API intends ipBlock for cluster-external addresses and CNIs differ here,"
            + " so this is treated as a match");
      }
      return m;
    }
    if (!other.isPod()) return false;
    if (other.pod().hostNetwork()) {
      notes.add(other.label() + " uses hostNetwork: pod selectors do not select it; its traffic carries the node IP");
      return false;
    }
    if (peer.namespaceSelector() != null && !cluster.has(Cluster.Kind.NAMESPACES)) {
      notes.add("namespace labels were not collected; namespaceSelectors were matched against "
          + NAME_LABEL + " only");
    }
    return selectorPeerMatches(policy, peer, other.pod());
  }

  private boolean selectorPeerMatches(NetworkPolicy policy, NetworkPolicy.Peer peer, Pod pod) {
    if (pod.hostNetwork()) return false;
    if (peer.podSelector() == null && peer.namespaceSelector() == null) return false; // invalid; selects nobody
    String ns = pod.meta().namespace();
    boolean nsOk = peer.namespaceSelector() == null ? ns.equals(policy.meta().namespace())
        : peer.namespaceSelector().matches(namespaceLabels(ns));
    return nsOk && (peer.podSelector() == null || peer.podSelector().matches(pod.meta().labels()));
  }

  private boolean inIpBlock(NetworkPolicy.Peer peer, String ip, Set<String> notes) {
    IPAddress addr = address(ip, false);
    IPAddress cidr = address(peer.ipBlockCidr(), true);
    if (addr == null || cidr == null) {
      if (cidr == null) notes.add("ipBlock cidr '" + peer.ipBlockCidr() + "' is not a valid CIDR; it matches nothing");
      return false;
    }
    if (!cidr.contains(addr)) return false;
    for (String except : peer.ipBlockExcept()) {
      IPAddress ex = address(except, true);
      if (ex != null && ex.contains(addr)) return false;
    }
    return true;
  }

  private IPAddress address(String text, boolean block) {
    if (text == null || text.isEmpty()) return null;
    IPAddress a = parsed.computeIfAbsent(text, t -> new IPAddressString(t.trim()).getAddress());
    if (a == null) return null;
    return block ? a.toPrefixBlock() : a.withoutPrefixLength();
  }

  private static boolean portsMatch(List<NetworkPolicy.Port> ports, String proto, int port, Endpoint dst) {
    if (ports.isEmpty()) return true;
    for (NetworkPolicy.Port p : ports) {
      if (!p.protocol().equalsIgnoreCase(proto)) continue;
      if (p.port() == null) return true;
      if (p.port().isNumber()) {
        int from = p.port().number();
        int to = p.endPort() != null && p.endPort() >= from ? p.endPort() : from;
        if (port >= from && port <= to) return true;
      } else if (namedPortIs(dst, p.port().name(), proto, port)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the destination pod declares a container port of that name and protocol with that number. */
  private static boolean namedPortIs(Endpoint dst, String name, String proto, int port) {
    if (!dst.isPod()) return false;
    for (Container c : dst.pod().containers()) {
      if (c.init()) continue;
      for (Container.ContainerPort cp : c.ports()) {
        if (cp.name().equals(name) && cp.protocol().equalsIgnoreCase(proto) && cp.containerPort() == port) {
          return true;
        }
      }
    }
    return false;
  }
}
