package dev.packetwalk.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.NodePlan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a synthetic but realistic evidence bundle of a big cluster, for the tracer benchmark ({@code TraceBench}):
 * N nodes (default 50) and S Services (default 1,000), each backed by E pods (default 3), as
 * {@code packetwalk-collect --node-bundle …} would merge it — cluster objects, every node's dataplane (kube-proxy
 * iptables mode, host-gw routes,
 * a {@code cni0} bridge with a veth per pod) and the pod namespaces ({@code --netns K}: only the client, CoreDNS and
 * K minus those endpoint pods per node; the collector itself enters every one, and a bundle without them has pods
 * the wiring checks cannot join to a veth). See {@link SyntheticClusterBundlePlan}
 * for the cluster's shape. Deterministic: the same arguments give the same bytes.
 *
 * <pre>
 * java -cp … dev.packetwalk.bench.SyntheticClusterBundle /tmp/synthetic.tar.gz [--nodes 50] [--services 1000]
 *     [--endpoints 3] [--netns all|K] [--seed 1] [--template samples/real-kernel/healthy.tar.gz]
 * </pre>
 */
public final class SyntheticClusterBundle {
  /** iptables-save's date line; fixed so that the output does not depend on the clock. */
  static final String SAVE_STAMP = "Sat Nov 21 10:00:03 2026";
  private static final String START = "2026-11-21T10:00:00Z";
  private static final long MTIME = 1795255200000L; // 2026-11-21T10:00:00Z, the tar entries' time
  private static final ObjectWriter INLINE = new ObjectMapper().writer(new MinimalPrettyPrinter()
      .setSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEntrySpacing(Separators.Spacing.AFTER).withArrayValueSpacing(Separators.Spacing.AFTER)));

  /** One bundle file and how the collector says it got it: a command's stdout, or a copied host file. */
  record Entry(String path, byte[] content, String command, String source) {
    static Entry cmd(String path, String text, String command) {
      return new Entry(path, text.getBytes(StandardCharsets.UTF_8), command, null);
    }

    static Entry file(String path, String text, String source) {
      return new Entry(path, text.getBytes(StandardCharsets.UTF_8), null, source);
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = new TreeMap<>(Map.of("--nodes", "50", "--services", "1000", "--endpoints", "3",
        "--netns", "all", "--seed", "1", "--template", "samples/real-kernel/healthy.tar.gz"));
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && opt.containsKey(args[i]) && i + 1 < args.length) {
        opt.put(args[i], args[++i]);
      } else if (out == null && !args[i].startsWith("--")) {
        out = Path.of(args[i]);
      } else {
        System.err.println("usage: SyntheticClusterBundle OUT.tar.gz [--nodes N] [--services S] [--endpoints E] "
            + "[--netns all|K] [--seed X] [--template SAMPLE.tar.gz]");
        System.exit(2);
      }
    }
    if (out == null) {
      System.err.println("usage: SyntheticClusterBundle OUT.tar.gz [options]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    int netns = opt.get("--netns").equals("all") ? Integer.MAX_VALUE : Integer.parseInt(opt.get("--netns"));
    List<Entry> entries = generate(Integer.parseInt(opt.get("--nodes")), Integer.parseInt(opt.get("--services")),
        Integer.parseInt(opt.get("--endpoints")), netns, Long.parseLong(opt.get("--seed")),
        Path.of(opt.get("--template")));
    long bytes = write(entries, out);
    System.err.printf("%s: %d files, %,d bytes uncompressed, %,d bytes written, %.1f s%n", out, entries.size(), bytes,
        Files.size(out), (System.nanoTime() - t0) / 1e9);
  }

  /** Every file of the bundle, {@code manifest.json} first, then by path. */
  static List<Entry> generate(int nodes, int services, int endpoints, int netns, long seed, Path template) {
    SyntheticClusterBundlePlan plan = new SyntheticClusterBundlePlan(nodes, services, endpoints, seed);
    SyntheticClusterBundleTemplate tmpl = new SyntheticClusterBundleTemplate(template);
    List<Entry> files = new ArrayList<>();
    for (Map.Entry<String, String> f : new SyntheticClusterBundleObjects(plan, tmpl).files().entrySet()) {
      files.add(Entry.cmd(f.getKey(), f.getValue(), command(f.getKey())));
    }
    List<JsonNode> skipped = new ArrayList<>(tmpl.clusterSkipped());
    SyntheticClusterBundleRules rules = new SyntheticClusterBundleRules(plan);
    SyntheticClusterBundleNode nodeFiles = new SyntheticClusterBundleNode(plan, rules, tmpl, netns);
    for (NodePlan n : plan.nodes) {
      List<Entry> nf = new ArrayList<>(nodeFiles.files(n));
      nf.add(Entry.cmd("nodes/" + n.name() + "/collector.log", log(nf), null));
      files.addAll(nf);
      skipped.addAll(tmpl.nodeSkipped(n.name()));
      skipped.add(new ObjectMapper().createObjectNode().put("path", "nodes/" + n.name()
          + "/netfilter/iptables-save.2.txt").put("command", "iptables-save -c").put("reason", "DISABLED")
          .put("detail", "--counter-interval 0 was given"));
      for (String nft : List.of("nft-ruleset.txt", "nft-ruleset.json")) {
        skipped.add(new ObjectMapper().createObjectNode().put("path", "nodes/" + n.name() + "/netfilter/" + nft)
            .put("command", nft.endsWith(".json") ? "nft -j list ruleset" : "nft list ruleset")
            .put("reason", "NOT_SERVED").put("detail", "nf_tables is not loaded: the node uses iptables-legacy; "
                + "nft not run because it would load it"));
      }
    }
    List<Entry> out = new ArrayList<>();
    out.add(new Entry("manifest.json", manifest(files, skipped, plan).getBytes(StandardCharsets.UTF_8), null, null));
    files.add(Entry.cmd("collector.log", log(files), null));
    files.sort((a, b) -> a.path().compareTo(b.path()));
    out.addAll(files);
    return out;
  }

  private static String command(String clusterPath) {
    return switch (clusterPath) {
      case "cluster/version.json" -> "kubectl version -o json";
      case "cluster/api-resources.txt" -> "kubectl api-resources -o wide";
      case "cluster/nodes.json", "cluster/namespaces.json", "cluster/ingressclasses.json" ->
          "kubectl get " + clusterPath.substring(8, clusterPath.length() - 5) + " -o json";
      default -> {
        String[] seg = clusterPath.split("/");
        String kind = seg[seg.length - 1].replace(".json", "");
        yield seg.length == 3 ? "kubectl get " + kind + " -n " + seg[1] + " -o json" : "kubectl get " + kind
            + " -A -o json";
      }
    };
  }

  /** The collector's log: one line per file, as {@code collector.log} has them. */
  private static String log(List<Entry> files) {
    StringBuilder b = new StringBuilder(START + " packetwalk-collect 0.1.0, bundle format 1, started " + START + "\n");
    for (Entry e : files) {
      b.append(START).append(" collected ").append(e.path()).append(" (").append(e.content().length)
          .append(" bytes, exit 0, ").append(duration(e)).append(" ms)\n");
    }
    return b.toString();
  }

  private static int duration(Entry e) {
    return 5 + (e.path().hashCode() & 0x7fffffff) % 40;
  }

  private static String manifest(List<Entry> files, List<JsonNode> skipped, SyntheticClusterBundlePlan plan) {
    StringBuilder b = new StringBuilder("{\n  \"formatVersion\": 1,\n");
    b.append("  \"collector\": {\"name\": \"packetwalk-collect\", \"version\": \"0.1.0\"},\n");
    b.append("  \"cluster\": {\"context\": \"bench-").append(plan.nodes.size()).append("\", \"server\": ")
        .append("\"https://10.0.0.10:6443\"},\n");
    b.append("  \"startTime\": \"").append(START).append("\",\n  \"endTime\": \"2026-11-21T10:04:12Z\",\n");
    b.append("  \"options\": {\"timeoutSeconds\": 30, \"logLines\": 500, \"namespaces\": \"all\", \"nodes\": \"\", ")
        .append("\"nodeBundles\": [");
    for (int i = 0; i < plan.nodes.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("\"packetwalk-node-").append(plan.nodes.get(i).name()).append(".tar.gz\"");
    }
    b.append("]},\n  \"files\": [\n");
    for (int i = 0; i < files.size(); i++) {
      Entry e = files.get(i);
      b.append("    {\"path\": ").append(str(e.path())).append(", \"sha256\": \"").append(sha256(e.content()))
          .append("\", \"size\": ").append(e.content().length).append(", \"command\": ").append(str(e.command()))
          .append(", \"source\": ").append(str(e.source())).append(", \"exitCode\": ")
          .append(e.source() == null && e.command() != null ? "0" : "null").append(", \"durationMs\": ")
          .append(duration(e)).append(", \"stderr\": null, \"truncated\": false}")
          .append(i < files.size() - 1 ? ",\n" : "\n");
    }
    b.append("  ],\n  \"skipped\": [\n");
    for (int i = 0; i < skipped.size(); i++) {
      b.append("    ").append(str(skipped.get(i))).append(i < skipped.size() - 1 ? ",\n" : "\n");
    }
    return b.append("  ]\n}\n").toString();
  }

  private static String str(Object o) {
    try {
      return INLINE.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the {@code .tar.gz} (regular files only, fixed owner and time); returns the uncompressed byte count. */
  static long write(List<Entry> entries, Path out) throws IOException {
    long total = 0;
    try (OutputStream f = Files.newOutputStream(out);
        GZIPOutputStream gz = new GZIPOutputStream(f, 1 << 16);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry t = new TarArchiveEntry(e.path());
        t.setSize(e.content().length);
        t.setModTime(new Date(MTIME));
        t.setMode(0644);
        tar.putArchiveEntry(t);
        tar.write(e.content());
        tar.closeArchiveEntry();
        total += e.content().length;
      }
    }
    return total;
  }
}
