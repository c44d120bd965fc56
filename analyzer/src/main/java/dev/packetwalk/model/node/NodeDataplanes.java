package dev.packetwalk.model.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The dataplanes of every node the bundle has evidence from, by node name in name order. */
public final class NodeDataplanes {
  public static final NodeDataplanes NONE = new NodeDataplanes(List.of());

  private final Map<String, NodeDataplane> byName;

  public NodeDataplanes(Collection<NodeDataplane> nodes) {
    TreeMap<String, NodeDataplane> m = new TreeMap<>();
    for (NodeDataplane n : nodes) m.put(n.name(), n);
    this.byName = java.util.Collections.unmodifiableMap(m);
  }

  public List<NodeDataplane> all() {
    return List.copyOf(byName.values());
  }

  public Optional<NodeDataplane> get(String node) {
    return Optional.ofNullable(byName.get(node));
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The nodes whose evidence includes {@code kind}. */
  public List<NodeDataplane> with(NodeEvidence kind) {
    return byName.values().stream().filter(n -> n.has(kind)).toList();
  }
}
