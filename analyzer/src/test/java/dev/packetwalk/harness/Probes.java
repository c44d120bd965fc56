package dev.packetwalk.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends the world's probes ({@code topology.json} "probes") as real traffic: one {@code probe.py} per source
 * namespace, all sources at once, every probe of a source in parallel, so a world with many broken paths still takes
 * one timeout (about 2 s) rather than one per probe. The outcomes are written to a probes file kept with the world.
 */
public final class Probes {
  private Probes() {}

  /** Probe id to its result (the probe as described, plus outcome, detail, elapsedMs). */
  public static Map<String, JsonNode> run(KernelWorld world, String worldName, Path out) throws Exception {
    List<JsonNode> standard = new ArrayList<>();
    world.topology().path("probes").forEach(standard::add);
    return run(world, worldName, standard, out);
  }

  /** As {@link #run(KernelWorld, String, Path)}, for the probes given (a world's own on top of the standard set). */
  public static Map<String, JsonNode> run(KernelWorld world, String worldName, List<JsonNode> probes, Path out)
      throws Exception {
    Map<String, ArrayNode> bySource = new LinkedHashMap<>();
    for (JsonNode p : probes) {
      bySource.computeIfAbsent(p.path("from").asText(), k -> KernelWorld.JSON.createArrayNode()).add(p.deepCopy());
    }
    Files.createDirectories(out.getParent());
    List<Process> running = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (Map.Entry<String, ArrayNode> e : bySource.entrySet()) {
      Path in = out.resolveSibling("probes-in-" + safe(e.getKey()) + ".json");
      Path res = out.resolveSibling("probes-out-" + safe(e.getKey()) + ".json");
      KernelWorld.JSON.writeValue(in.toFile(), e.getValue());
      running.add(new ProcessBuilder(Netns.inNs(world.nsOf(e.getKey()),
          List.of(world.python(), KernelWorld.script("probe.py").toString())))
          .redirectInput(in.toFile()).redirectOutput(res.toFile())
          .redirectError(out.resolveSibling("probes-err-" + safe(e.getKey()) + ".txt").toFile()).start());
      outputs.add(res);
    }
    Map<String, JsonNode> results = new LinkedHashMap<>();
    for (int i = 0; i < running.size(); i++) {
      Process p = running.get(i);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("probe.py did not finish within 60 s");
      }
      JsonNode list = KernelWorld.JSON.readTree(outputs.get(i).toFile());
      if (p.exitValue() != 0 || list == null) {
        throw new AssertionError("probe.py failed: " + Files.readString(outputs.get(i)));
      }
      list.forEach(r -> results.put(r.path("id").asText(), r));
      Files.delete(outputs.get(i));
    }
    // the file other tools compare against: probes in topology order, one outcome each
    ObjectNode doc = KernelWorld.JSON.createObjectNode();
    doc.put("world", worldName);
    ArrayNode arr = doc.putArray("probes");
    for (JsonNode p : probes) {
      arr.add(results.get(p.path("id").asText()));
    }
    KernelWorld.JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), doc);
    for (String src : bySource.keySet()) {
      Files.deleteIfExists(out.resolveSibling("probes-in-" + safe(src) + ".json"));
    }
    return results;
  }

  /** A probe source as a file name part ({@code external:10.0.0.100} → {@code external-10.0.0.100}). */
  private static String safe(String source) {
    return source.replace(':', '-');
  }

  /** "id: outcome (detail)" lines, for failure messages. */
  public static String describe(Map<String, JsonNode> results) {
    StringBuilder sb = new StringBuilder();
    results.forEach((id, r) -> sb.append("  ").append(id).append(": ").append(r.path("outcome").asText())
        .append(" (").append(r.path("detail").asText()).append(")\n"));
    return sb.toString();
  }
}
