package dev.packetwalk.parse.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.node.KubeletCmdlineParser.Flag;
import dev.packetwalk.parse.node.KubeletCmdlineParser.KubeletCmdline;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletCmdlineParserTest {
  /** A real kubelet command line (Canonical Kubernetes), as ps printed it: one line, blank-separated. */
  static final String PS = NodeResources.realworld("hotsos-sunbeam-node.kubelet-args-from-ps.txt");

  static String value(Parsed<KubeletCmdline> p, String flag) {
    return p.value().last(flag).orElseThrow().value();
  }

  @Test
  void oneTypedLine() {
    Parsed<KubeletCmdline> p = KubeletCmdlineParser.parse("c", PS);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals("/snap/k8s/2500/bin/kubelet", p.value().program());
    assertEquals(21, p.value().flags().size());
    assertEquals(List.of("10.152.183.193"), p.value().list("cluster-dns"));
    assertEquals("cluster.local", value(p, "cluster-domain"));
    assertEquals("systemd", value(p, "cgroup-driver"));
    assertEquals("", value(p, "register-with-taints"));
    assertEquals("memory.available<100Mi,nodefs.available<1Gi,imagefs.available<1Gi", value(p, "eviction-hard"));
    assertEquals(1, p.value().last("cluster-dns").orElseThrow().line());
  }

  @Test
  void theSameArgumentsNulSeparatedOrOnePerLine() {
    List<String> args = List.of(PS.strip().split(" "));
    Parsed<KubeletCmdline> nul = KubeletCmdlineParser.parse("c", String.join("\0", args) + "\0"); // /proc/PID/cmdline
    Parsed<KubeletCmdline> lines = KubeletCmdlineParser.parse("c", String.join("\n", args) + "\n"); // the collector's
    Parsed<KubeletCmdline> typed = KubeletCmdlineParser.parse("c", PS);
    assertTrue(nul.clean() && lines.clean());
    assertEquals(typed.value().flags(), nul.value().flags());
    assertEquals(typed.value().flags().stream().map(f -> f.name() + "=" + f.value()).toList(),
        lines.value().flags().stream().map(f -> f.name() + "=" + f.value()).toList());
    Flag dns = lines.value().last("cluster-dns").orElseThrow();
    assertEquals(args.indexOf("--cluster-dns=10.152.183.193") + 1, dns.line());
  }

  @Test
  void valuesAfterABlankAndBooleansAlone() {
    Parsed<KubeletCmdline> p = KubeletCmdlineParser.parse("c", """
        /usr/bin/kubelet
        --config=/var/lib/kubelet/config.yaml
        --cluster-dns
        169.254.20.10
        --fail-swap-on
        --hairpin-mode
        hairpin-veth
        --oom-score-adj
        -999
        -v
        2
        """);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(List.of("config", "cluster-dns", "fail-swap-on", "hairpin-mode", "oom-score-adj", "v"),
        p.value().flags().stream().map(Flag::name).toList());
    assertEquals(new Flag("cluster-dns", "169.254.20.10", 3), p.value().last("cluster-dns").orElseThrow());
    assertNull(value(p, "fail-swap-on"));
    assertEquals("hairpin-veth", value(p, "hairpin-mode"));
    assertEquals("-999", value(p, "oom-score-adj"));
    assertEquals("2", value(p, "v"));
    Parsed<KubeletCmdline> typed = KubeletCmdlineParser.parse("c", "kubelet --cluster-dns 10.0.0.10 --v=2\n");
    assertEquals(List.of("10.0.0.10"), typed.value().list("cluster-dns"));
  }

  @Test
  void aListFlagGivenTwiceAppends() {
    Parsed<KubeletCmdline> p = KubeletCmdlineParser.parse("c",
        "--cluster-dns=10.96.0.10,fd00::a\n--cluster-domain=a.local\n--cluster-dns=169.254.20.10\n"
            + "--cluster-domain=b.local\n");
    assertNull(p.value().program());
    assertEquals(List.of("10.96.0.10", "fd00::a", "169.254.20.10"), p.value().list("cluster-dns"));
    assertEquals(3, p.value().last("cluster-dns").orElseThrow().line());
    assertEquals("b.local", value(p, "cluster-domain"));
    assertEquals(List.of(), KubeletCmdlineParser.parse("c", "--cluster-dns=\n").value().list("cluster-dns"));
  }

  @Test
  void positionalArgumentsAndNamelessFlagsAreWarnings() {
    Parsed<KubeletCmdline> p = KubeletCmdlineParser.parse("c",
        "/usr/bin/kubelet\n--fail-swap-on\nfalse\n--=x\n--v=2\n--\n--not-a-flag\n");
    assertEquals(List.of("fail-swap-on", "v"), p.value().flags().stream().map(Flag::name).toList());
    assertEquals(List.of("false", "--not-a-flag"),
        p.warnings(ParseWarning.Kind.UNRECOGNIZED).stream().map(ParseWarning::raw).toList());
    assertEquals(List.of(4), p.warnings(ParseWarning.Kind.MALFORMED).stream().map(ParseWarning::line).toList());
    assertTrue(KubeletCmdlineParser.parse("c", "").value().flags().isEmpty());
  }
}
