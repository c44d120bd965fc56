package dev.packetwalk.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bench.SyntheticClusterBundle.Entry;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.check.Checks;
import dev.packetwalk.model.node.NodeDataplane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic bundle of the tracer benchmark must read like a real one: a small instance (3 nodes, 20 Services,
 * 3 endpoints each) goes through the whole Analyzer with every check, and must come out with no diagnostic, no finding,
 * every node file it analyses parsed, and the model it was built from.
 */
class SyntheticClusterBundleTest {
  private static final Path SAMPLE = Path.of(System.getProperty("packetwalk.repo", ".."))
      .resolve("samples/real-kernel/healthy.tar.gz");
  private static List<Entry> entries;
  private static AnalysisResult result;

  @BeforeAll
  static void analyse(@TempDir Path dir) throws Exception {
    entries = SyntheticClusterBundle.generate(3, 20, 3, Integer.MAX_VALUE, 1, SAMPLE);
    Path bundle = dir.resolve("synthetic.tar.gz");
    SyntheticClusterBundle.write(entries, bundle);
    result = new Analyzer(BundleLimits.DEFAULT, Checks.ALL).analyze(List.of(bundle));
  }

  @Test
  void readsWithoutDiagnosticsOrFindings() {
    assertEquals(List.of(), result.problems());
    assertEquals(List.of(), result.findings().stream().map(f -> f.checkId() + ": " + f.title()).toList());
  }

  @Test
  void everyFileIsParsedOrDeliberatelyUnanalysed() {
    Map<String, java.util.TreeSet<String>> notParsed = new TreeMap<>();
    for (Coverage c : result.coverage()) {
      if (c.status() == Coverage.Status.PARSED || c.status() == Coverage.Status.SKIPPED) continue;
      String file = c.path().replaceFirst("^nodes/[^/]+/", "").replaceFirst("^netns/[^/]+/", "netns/*/");
      notParsed.computeIfAbsent(c.status() + ": " + c.reason(), k -> new java.util.TreeSet<>()).add(file);
    }
    assertEquals(Map.of(
        "EMPTY: the file is empty", new java.util.TreeSet<>(List.of("netfilter/ip6tables-save.txt",
            "netfilter/ipset.txt")),
        "UNUSED: node evidence this version does not analyse", new java.util.TreeSet<>(List.of(
            "files/var/lib/kube-proxy/config.conf", "kernel/dmesg-net.txt",
            "runtime/crictl-pods.json"))), notParsed);
  }

  @Test
  void modelHasThePlannedClusterAndDataplanes() {
    // 3 kube-proxy + 2 CoreDNS + 3 clients + 20 × 3 endpoints; 20 Services + kubernetes + kube-dns
    assertEquals(68, result.cluster().pods().size());
    assertEquals(22, result.cluster().services().size());
    assertEquals(3, result.nodes().all().size());
    for (NodeDataplane n : result.nodes().all()) {
      // every pod on the node (not kube-proxy) is joined to its veth through its namespace
      long pods = result.cluster().pods().stream().filter(p -> p.nodeName().equals(n.name()) && !p.hostNetwork())
          .count();
      assertEquals(pods, n.pods().stream().filter(p -> !p.podName().isEmpty() && !p.hostInterface().isEmpty())
          .count(), n.name());
      // kube-proxy: 4 system Service ports + 20 × (KUBE-SERVICES, masquerade, 3 picks, 3 × 2 SEP rules) + NodePorts
      assertTrue(n.netfilter().rules().size() > 20 * 11, n.name() + ": " + n.netfilter().rules().size());
    }
  }

  @Test
  void chainNamesAreKubeProxys() {
    // the real-kernel sample was written by the harness from kube-proxy's own hashing: shop/web:http is 67NZ…
    assertEquals("67NZLRHBNDSAWJRO", KubeProxyIptablesGenerator.h16("shop/web:httptcp"));
    String rules = new String(entries.stream().filter(e -> e.path().endsWith("node-01/netfilter/iptables-save.txt"))
        .findFirst().orElseThrow().content(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(rules.contains("-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "
        + "\"kube-system/kube-dns:dns cluster IP\" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU\n"), rules);
  }

  @Test
  void sameArgumentsSameBytes(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.tar.gz");
    Path b = dir.resolve("b.tar.gz");
    SyntheticClusterBundle.write(SyntheticClusterBundle.generate(3, 20, 3, 2, 7, SAMPLE), a);
    SyntheticClusterBundle.write(SyntheticClusterBundle.generate(3, 20, 3, 2, 7, SAMPLE), b);
    assertEquals(-1L, Files.mismatch(a, b));
  }
}
