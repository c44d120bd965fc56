package dev.packetwalk.build.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.model.node.NodeDataplane;
import dev.packetwalk.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The kernel, kubelet and IPAM files of one node, through their parsers and converters into the model. */
class NodeDataplaneBuilderNodeFilesTest {
  static final String NODE = "nodes/worker-2/";
  static final String NET = "files/var/lib/cni/networks/cbr0/";

  static String resource(String path) {
    try (InputStream in = NodeDataplaneBuilderNodeFilesTest.class.getResourceAsStream("/dev/packetwalk/parse/node/"
        + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sample(String rel) {
    return resource("samples/real-kernel-healthy-worker-2/" + rel);
  }

  static AnalysisResult analyze(Map<String, String> rel) {
    Map<String, String> files = new TreeMap<>();
    rel.forEach((k, v) -> files.put(NODE + k, v));
    return Fixtures.analyze(List.of(), files);
  }

  static NodeDataplane node(AnalysisResult r) {
    return r.nodes().get("worker-2").orElseThrow();
  }

  @Test
  void kubeletFlagsOverrideTheConfigFile() {
    NodeDataplane n = node(analyze(Map.of("kubelet/config.yaml", sample("kubelet/config.yaml"), "kubelet/cmdline.txt",
        "/usr/bin/kubelet\n--config=/var/lib/kubelet/config.yaml\n--cluster-dns\n169.254.20.10\n"
            + "--hairpin-mode=hairpin-veth\n")));
    assertEquals(List.of("169.254.20.10"), n.kubelet().clusterDNS());
    assertEquals(SourceRef.line(NODE + "kubelet/cmdline.txt", 3), n.kubelet().ref());
    assertEquals("hairpin-veth", n.kubelet().hairpinMode());
    assertEquals("cluster.local", n.kubelet().clusterDomain());
    assertEquals("/etc/resolv.conf", n.kubelet().resolvConf());
    NodeDataplane configOnly = node(analyze(Map.of("kubelet/config.yaml", sample("kubelet/config.yaml"))));
    assertEquals(List.of("10.96.0.10"), configOnly.kubelet().clusterDNS());
    assertEquals(SourceRef.line(NODE + "kubelet/config.yaml", 3), configOnly.kubelet().ref());
    assertEquals("", configOnly.kubelet().hairpinMode());
  }

  @Test
  void modulesAndSelinuxCiteTheirLines() {
    NodeDataplane n = node(analyze(Map.of("kernel/lsmod.txt", resource("realworld/hotsos-canal-k8s-node.lsmod.txt"),
        "kernel/selinux.txt", resource("realworld/insights-sestatus-permissive.txt"))));
    assertTrue(n.kernel().modulesKnown());
    assertEquals(99, n.kernel().modules().size());
    assertEquals(SourceRef.line(NODE + "kernel/lsmod.txt", 19), n.kernel().module("bridge").orElseThrow().ref());
    assertEquals("Permissive", n.kernel().selinux());
    assertEquals(SourceRef.line(NODE + "kernel/selinux.txt", 5), n.kernel().selinuxRef());
    assertEquals("Enforcing", node(analyze(Map.of("kernel/selinux.txt", "1"))).kernel().selinux());
    assertEquals("", node(analyze(Map.of("kernel/selinux.txt", "yes\n"))).kernel().selinux());
  }

  @Test
  void ipamReservationsBecomeAllocationsAndStrayFilesDoNot() {
    Map<String, String> files = new TreeMap<>();
    for (String name : List.of("10.244.2.10", "10.244.2.2", "last_reserved_ip.0")) {
      files.put(NET + name, sample(NET + name));
    }
    files.put(NET + "10.244.2.30", "0e00311b1565bcc26131223fb78648f9cf459755"); // older host-local: the id alone
    files.put(NET + "README", "not ipam\n");
    AnalysisResult r = analyze(files);
    List<CniState.IpamAllocation> a = node(r).cni().allocations();
    assertEquals(List.of("10.244.2.10", "10.244.2.2", "10.244.2.30"),
        a.stream().map(CniState.IpamAllocation::ip).toList());
    assertEquals("eth0", a.get(0).ifname());
    assertEquals("", a.get(2).ifname());
    assertEquals(SourceRef.line(NODE + NET + "10.244.2.2", 1), a.get(1).ref());
    Coverage readme = r.coverage().stream().filter(c -> c.path().equals(NODE + NET + "README")).findFirst()
        .orElseThrow();
    assertEquals(Coverage.Status.FAILED, readme.status(), readme.reason());
    Coverage last = r.coverage().stream().filter(c -> c.path().equals(NODE + NET + "last_reserved_ip.0")).findFirst()
        .orElseThrow();
    assertEquals(Coverage.Status.PARSED, last.status(), last.reason());
  }
}
