package dev.packetwalk.build.node;

import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.parse.ParseWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns the bundle's {@code nodes/<node>/…} files into one {@link NodeDataplane} per node: each file is parsed by its
 * parser, and the records are converted once into the neutral model. The cluster model is needed only to join pod
 * namespaces and veths to Kubernetes pods.
 *
 * <p>Use: {@link #add} every node file, then {@link #build} once.
 */
public final class NodeDataplaneBuilder {
  private final TreeMap<String, NodeFiles> nodes = new TreeMap<>();

  /** What the node files yielded: the dataplanes, one coverage row per node file, and every parser warning. */
  public record Result(NodeDataplanes nodes, List<Coverage> coverage, List<ParseWarning> warnings) {
    public Result {
      coverage = List.copyOf(coverage);
      warnings = List.copyOf(warnings);
    }
  }

  /** Whether a path belongs to this builder: anything below {@code nodes/<node>/}. */
  public static boolean accepts(String path) {
    return path.startsWith("nodes/") && path.indexOf('/', "nodes/".length()) > 0;
  }

  public void add(String path, EvidenceSpec spec, byte[] content) {
    int slash = path.indexOf('/', "nodes/".length());
    String node = path.substring("nodes/".length(), slash);
    nodes.computeIfAbsent(node, NodeFiles::new).add(path.substring(slash + 1), spec, content);
  }

  public Result build(Cluster cluster) {
    List<NodeDataplane> out = new ArrayList<>();
    List<Coverage> coverage = new ArrayList<>();
    List<ParseWarning> warnings = new ArrayList<>();
    for (NodeFiles f : nodes.values()) {
      metaFiles(f);
      out.add(new NodeReader(f).read(cluster));
      coverage.addAll(f.coverage());
      warnings.addAll(f.warnings());
    }
    return new Result(new NodeDataplanes(out), coverage, warnings);
  }

  /** The node's manifest and log are read by people, not parsed: counted as lines, as the cluster's are. */
  private static void metaFiles(NodeFiles f) {
    for (String rel : List.of("manifest.json", "collector.log")) {
      f.text(rel).ifPresent(t -> f.read(rel, (int) t.lines().count(), List.of(), "line(s)"));
    }
  }
}
