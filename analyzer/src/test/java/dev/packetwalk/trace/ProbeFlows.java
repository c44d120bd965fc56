package dev.packetwalk.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.trace.flows.FlowSpecs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-kernel harness's probes ({@code probes.json}: what real traffic did in the namespaces) as flows for the
 * tracer, each with the verdict real traffic gave: {@code ok} is DELIVERED, {@code mixed} (attempts differed, as
 * kube-proxy's random endpoint choice makes them) is PARTIAL, and every failure (timeout, refused, rejected,
 * unreachable, error) is BROKEN.
 */
public final class ProbeFlows {
  private ProbeFlows() {}

  /**
   * One probe: its id, the flow that stands for it, the real outcome, the verdict that outcome means, and how many
   * times it was sent.
   */
  public record Probe(String id, Flow flow, String outcome, Verdict expected, int attempts) {

    /**
     * Whether a trace agrees with what real traffic did. A partial path sent a few times can land on the same side
     * every time by chance (kube-proxy picks at random per connection), so a PARTIAL trace also agrees with a uniform
     * outcome when the branches' probabilities make that at least 1% likely; {@link #chance} says how likely.
     */
    public boolean agrees(Trace t) {
      if (t.verdict() == expected) return true;
      return t.verdict() == Verdict.PARTIAL && attempts > 1 && chance(t) >= 0.01
          && (expected == Verdict.DELIVERED || expected == Verdict.BROKEN);
    }

    /** The chance, under the trace's branch probabilities, that every attempt came out as it did. */
    public double chance(Trace t) {
      double ok = t.branches().stream().filter(b -> b.disposition().success() && b.probabilityKnown())
          .mapToDouble(Branch::probability).sum();
      double side = expected == Verdict.DELIVERED ? ok : 1 - ok;
      return Math.pow(side, attempts);
    }
  }

  public static List<Probe> read(Path probesJson, Cluster cluster, NodeDataplanes nodes) throws IOException {
    JsonNode root = new ObjectMapper().readTree(probesJson.toFile());
    FlowSpecs specs = new FlowSpecs(cluster, nodes);
    List<Probe> out = new ArrayList<>();
    for (JsonNode p : root.path("probes")) {
      String kind = p.path("kind").asText();
      String from = from(p.path("from").asText(), cluster, nodes);
      String to = p.path("dst").asText() + ":" + p.path("port").asInt();
      String proto = kind.equals("dns-udp") ? "udp" : "tcp";
      Flow f;
      try {
        f = specs.resolve(from, to, proto);
      } catch (FlowSpecs.SpecException e) {
        throw new IllegalStateException("probe " + p.path("id").asText() + ": " + e.getMessage(), e);
      }
      if (p.path("id").asText().startsWith("large-response")) {
        f = new Flow(f.from(), f.to(), f.proto(), f.src(), f.srcPort(), f.dst(), f.dstPort(), f.start(), f.length(),
            100 * 1024);
      }
      String outcome = p.path("outcome").asText();
      out.add(new Probe(p.path("id").asText(), f, outcome, expected(outcome), Math.max(1, p.path("attempts").asInt(1))));
    }
    return out;
  }

  static Verdict expected(String outcome) {
    return switch (outcome) {
      case "ok" -> Verdict.DELIVERED;
      case "mixed" -> Verdict.PARTIAL;
      default -> Verdict.BROKEN;
    };
  }

  /** A probe's sender: a node name, {@code external:IP}, or a pod's name (namespace looked up). */
  private static String from(String name, Cluster cluster, NodeDataplanes nodes) {
    if (nodes.names().contains(name)) return "node/" + name;
    if (name.startsWith("external:")) return name.substring("external:".length());
    return cluster.pods().stream().filter(p -> p.meta().name().equals(name)).findFirst()
        .map(Pod::meta).map(m -> "pod/" + m.namespace() + "/" + m.name())
        .orElseThrow(() -> new IllegalStateException("probe sender " + name + " is no pod or node of the bundle"));
  }
}
