package dev.packetwalk.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.build.ClusterModelBuilder;
import dev.packetwalk.build.node.NodeDataplaneBuilder;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.BundleReader;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.model.node.NodeDataplanes;
import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.kube.KubeObject;
import dev.packetwalk.parse.kube.KubeObjectReader;
import dev.packetwalk.trace.Trace;
import dev.packetwalk.trace.flows.PathMatrix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracer benchmark of issue 4: how long the automatic path matrix ({@link PathMatrix#run}) takes on a bundle,
 * against how long reading and modelling the same bundle takes. Not a test; {@code analyzer/bench/trace-bench.sh}
 * runs it on a {@link SyntheticClusterBundle}.
 *
 * <p>Each round times the stages directly, one after the other on one thread: <b>read</b> (gunzip and untar into
 * memory, {@link BundleReader}), <b>cluster</b> (every {@code cluster/*.json} through {@link KubeObjectReader} into
 * {@link ClusterModelBuilder}), <b>nodes</b> (every {@code nodes/…} file through {@link NodeDataplaneBuilder}: the
 * parsers and the node model) and <b>matrix</b> ({@code PathMatrix.run} on that model). <i>parse</i> = read + cluster +
 * nodes. The stages are driven here, not through {@link Analyzer}, because {@code Analyzer.analyze} also runs the
 * matrix, and subtracting a separately timed matrix from it would leave the parse figure as the difference of two
 * noisy numbers once the matrix is the larger one. As a cross-check each round also times {@code Analyzer.analyze}
 * with no checks (read excluded) minus one more {@code PathMatrix.run} on its result, and the first round compares
 * the direct model with the Analyzer's (node, pod, Service and rule counts, trace count).
 *
 * <pre>
 * java -Xmx8g -cp … dev.packetwalk.bench.TraceBench BUNDLE.tar.gz [--warmup 1] [--runs 5] [--no-analyzer]
 * </pre>
 */
public final class TraceBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Method KIND_OF_SPEC = kindOfSpec();

  /** One round's stage times, milliseconds (wall) and the matrix's CPU milliseconds. */
  record Round(double read, double cluster, double nodes, double matrix, double matrixCpu, double parseCpu,
      double analyzerMinusMatrix, double analyzerCpu, int traces, int branches) {
    double parse() {
      return read + cluster + nodes;
    }
  }

  public static void main(String[] args) throws IOException {
    Path bundlePath = null;
    int warmup = 1;
    int runs = 5;
    boolean analyzer = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--no-analyzer" -> analyzer = false;
        default -> bundlePath = Path.of(args[i]);
      }
    }
    if (bundlePath == null || !Files.isRegularFile(bundlePath)) {
      System.err.println("usage: TraceBench BUNDLE.tar.gz [--warmup N] [--runs N] [--no-analyzer]");
      System.exit(2);
    }
    System.out.printf("bundle %s (%,d bytes), %d warm-up + %d timed rounds, JDK %s, %d CPUs, max heap %d MiB%n",
        bundlePath, Files.size(bundlePath), warmup, runs, Runtime.version(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    List<Round> rounds = new ArrayList<>();
    for (int r = 0; r < warmup + runs; r++) {
      Round round = round(bundlePath, analyzer, r == 0);
      String tag = r < warmup ? "warm-up" : "round " + (r - warmup + 1);
      System.out.printf("%-8s read %8.0f  cluster %8.0f  nodes %8.0f  = parse %8.0f ms | matrix %8.0f ms (cpu %.0f) |"
          + " analyzer-matrix %8.0f ms (cpu %.0f) | %d traces, %d branches%n", tag, round.read(), round.cluster(),
          round.nodes(), round.parse(), round.matrix(), round.matrixCpu(), round.analyzerMinusMatrix(),
          round.analyzerCpu(), round.traces(), round.branches());
      if (r >= warmup) rounds.add(round);
    }
    report(rounds);
  }

  private static Round round(Path bundlePath, boolean analyzer, boolean compare) {
    System.gc();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    Bundle bundle = new BundleReader(BundleLimits.DEFAULT).read(List.of(bundlePath));
    long t1 = System.nanoTime();
    Cluster cluster = cluster(bundle);
    long t2 = System.nanoTime();
    NodeDataplanes nodes = nodes(bundle, cluster);
    long t3 = System.nanoTime();
    long cpu1 = THREADS.getCurrentThreadCpuTime();
    List<Trace> traces = PathMatrix.run(cluster, nodes);
    long t4 = System.nanoTime();
    long cpu2 = THREADS.getCurrentThreadCpuTime();
    int branches = traces.stream().mapToInt(t -> t.branches().size()).sum();
    int traceCount = traces.size();
    String direct = compare ? counts(cluster, nodes) + ", " + traceCount + " traces" : "";
    cluster = null; // let the direct model go before the Analyzer builds its own
    nodes = null;
    traces = null;
    double viaAnalyzer = Double.NaN;
    double analyzerCpu = Double.NaN;
    if (analyzer) {
      System.gc();
      long c0 = THREADS.getCurrentThreadCpuTime();
      long a0 = System.nanoTime();
      AnalysisResult result = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(bundle);
      long a1 = System.nanoTime();
      long c1 = THREADS.getCurrentThreadCpuTime();
      List<Trace> again = PathMatrix.run(result.cluster(), result.nodes());
      long a2 = System.nanoTime();
      long c2 = THREADS.getCurrentThreadCpuTime();
      viaAnalyzer = ms(a1 - a0) - ms(a2 - a1) + ms(t1 - t0);
      analyzerCpu = ms(c1 - c0) - ms(c2 - c1);
      if (compare) compare(direct, result, again.size());
    }
    return new Round(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), ms(cpu2 - cpu1), ms(cpu1 - cpu0),
        viaAnalyzer, analyzerCpu, traceCount, branches);
  }

  /** Every cluster evidence file through the same reader and builder the Analyzer uses. */
  static Cluster cluster(Bundle bundle) {
    ClusterModelBuilder model = new ClusterModelBuilder();
    List<ParseWarning> warnings = new ArrayList<>();
    for (Map.Entry<String, byte[]> f : bundle.files().entrySet()) {
      Optional<EvidenceSpec> spec = EvidenceSpec.of(f.getKey());
      if (spec.isEmpty() || spec.get().family() != EvidenceSpec.Family.CLUSTER) continue;
      if (spec.get() == EvidenceSpec.SERVER_VERSION) {
        try {
          model.serverVersion(new ObjectMapper().readTree(f.getValue()).path("serverVersion").path("gitVersion")
              .asText(""));
        } catch (IOException e) {
          continue;
        }
      }
      if (!f.getKey().endsWith(".json") || spec.get() == EvidenceSpec.SERVER_VERSION) continue;
      KubeObjectReader.Result r = KubeObjectReader.read(f.getKey(), f.getValue());
      for (KubeObject o : r.objects()) model.add(o, "", warnings);
      if (!r.fatal()) presentKind(spec.get()).ifPresent(model::present);
    }
    return model.build();
  }

  /**
   * The kind the Analyzer marks present for a readable file: its own package-private {@code KindOfSpec.kind}, called
   * reflectively so that this bench follows it rather than a copy.
   */
  @SuppressWarnings("unchecked")
  private static Optional<Cluster.Kind> presentKind(EvidenceSpec spec) {
    try {
      return (Optional<Cluster.Kind>) KIND_OF_SPEC.invoke(null, spec);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Method kindOfSpec() {
    try {
      Method m = Class.forName("dev.packetwalk.analysis.KindOfSpec").getDeclaredMethod("kind", EvidenceSpec.class);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("dev.packetwalk.analysis.KindOfSpec.kind(EvidenceSpec) is gone", e);
    }
  }

  static NodeDataplanes nodes(Bundle bundle, Cluster cluster) {
    NodeDataplaneBuilder b = new NodeDataplaneBuilder();
    for (Map.Entry<String, byte[]> f : bundle.files().entrySet()) {
      Optional<EvidenceSpec> spec = EvidenceSpec.of(f.getKey());
      if (spec.isPresent() && spec.get().family() == EvidenceSpec.Family.NODE && !EvidenceSpec.isCapture(f.getKey())
          && NodeDataplaneBuilder.accepts(f.getKey())) {
        b.add(f.getKey(), spec.get(), f.getValue());
      }
    }
    return b.build(cluster).nodes();
  }

  /** Says whether the directly built model is the Analyzer's, by the counts the matrix depends on. */
  private static void compare(String a, AnalysisResult viaAnalyzer, int tracesAgain) {
    String b = counts(viaAnalyzer.cluster(), viaAnalyzer.nodes()) + ", " + tracesAgain + " traces";
    System.out.println("model, direct:   " + a);
    System.out.println("model, Analyzer: " + b + (a.equals(b) ? "  (same)" : "  (DIFFERENT: the parse figure is "
        + "not comparable)"));
  }

  private static String counts(Cluster c, NodeDataplanes n) {
    long rules = 0;
    long routes = 0;
    long joined = 0;
    for (NodeDataplane d : n.all()) {
      rules += d.netfilter() == null ? 0 : d.netfilter().rules().size();
      routes += d.routes().size();
      joined += d.pods().stream().filter(p -> !p.podName().isEmpty()).count();
    }
    return c.nodes().size() + " nodes, " + c.pods().size() + " pods, " + c.services().size() + " Services, "
        + c.endpointSlices().size() + " slices, " + n.all().size() + " dataplanes, " + rules + " iptables rules, "
        + routes + " routes, " + joined + " pod joins";
  }

  private static void report(List<Round> rounds) {
    double parse = median(rounds.stream().mapToDouble(Round::parse).toArray());
    double matrix = median(rounds.stream().mapToDouble(Round::matrix).toArray());
    double parseCpu = median(rounds.stream().mapToDouble(Round::parseCpu).toArray());
    double matrixCpu = median(rounds.stream().mapToDouble(Round::matrixCpu).toArray());
    System.out.println();
    System.out.printf("median of %d: read %.0f, cluster %.0f, nodes %.0f ms%n", rounds.size(),
        median(rounds.stream().mapToDouble(Round::read).toArray()),
        median(rounds.stream().mapToDouble(Round::cluster).toArray()),
        median(rounds.stream().mapToDouble(Round::nodes).toArray()));
    System.out.printf("PARSE   (read + cluster + nodes) median %,.0f ms (min %,.0f, max %,.0f); thread CPU %,.0f ms%n",
        parse, min(rounds, Round::parse), max(rounds, Round::parse), parseCpu);
    System.out.printf("MATRIX  (PathMatrix.run)           median %,.0f ms (min %,.0f, max %,.0f); thread CPU %,.0f ms;"
        + " %d traces, %d branches%n", matrix, min(rounds, Round::matrix), max(rounds, Round::matrix), matrixCpu,
        rounds.get(0).traces(), rounds.get(0).branches());
    double viaAnalyzer = median(rounds.stream().mapToDouble(Round::analyzerMinusMatrix).toArray());
    if (!Double.isNaN(viaAnalyzer)) {
      System.out.printf("cross-check: read + Analyzer.analyze(no checks) - PathMatrix.run, median %,.0f ms; "
          + "thread CPU (read excluded) %,.0f ms%n", viaAnalyzer,
          median(rounds.stream().mapToDouble(Round::analyzerCpu).toArray()));
    }
    System.out.printf("RATIO   matrix / parse = %.3f (wall), %.3f (thread CPU); goal <= 10%n", matrix / parse,
        matrixCpu / parseCpu);
    long heapPeak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) heapPeak += p.getPeakUsage().getUsed();
    }
    System.out.printf("heap peak (sum of pool peaks) %,d MiB; VmHWM %s%n", heapPeak >> 20, vmHwm());
  }

  private static String vmHwm() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
          .map(l -> l.substring(6).strip()).findFirst().orElse("n/a");
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static double min(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
    return rounds.stream().mapToDouble(f).min().orElse(Double.NaN);
  }

  private static double max(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
    return rounds.stream().mapToDouble(f).max().orElse(Double.NaN);
  }

  static double median(double[] v) {
    if (v.length == 0) return Double.NaN;
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
