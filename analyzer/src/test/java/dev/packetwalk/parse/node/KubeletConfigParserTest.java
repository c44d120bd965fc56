package dev.packetwalk.parse.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.node.KubeletConfigParser.Field;
import dev.packetwalk.parse.node.KubeletConfigParser.KubeletConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeletConfigParserTest {

  static Field field(Parsed<KubeletConfig> p, String name) {
    return p.value().field(name).orElseThrow();
  }

  @Test
  void realKernelSampleConfig() {
    Parsed<KubeletConfig> p = KubeletConfigParser.parse("k", NodeResources.healthyWorker2("kubelet/config.yaml"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals("KubeletConfiguration", p.value().kind());
    assertEquals("kubelet.config.k8s.io/v1beta1", p.value().apiVersion());
    assertEquals(List.of("apiVersion", "kind", "clusterDNS", "clusterDomain", "resolvConf", "cgroupDriver"),
        List.copyOf(p.value().fields().keySet()));
    assertEquals(List.of("10.96.0.10"), field(p, KubeletConfigParser.CLUSTER_DNS).items());
    assertEquals(3, field(p, KubeletConfigParser.CLUSTER_DNS).line());
    assertNull(field(p, KubeletConfigParser.CLUSTER_DNS).text());
    assertEquals("cluster.local", field(p, KubeletConfigParser.CLUSTER_DOMAIN).text());
    assertEquals(5, field(p, KubeletConfigParser.CLUSTER_DOMAIN).line());
    assertEquals(6, field(p, KubeletConfigParser.RESOLV_CONF).line());
    assertEquals("systemd", field(p, KubeletConfigParser.CGROUP_DRIVER).text());
    assertEquals(7, field(p, KubeletConfigParser.CGROUP_DRIVER).line());
    assertTrue(p.value().field(KubeletConfigParser.HAIRPIN_MODE).isEmpty());
  }

  @Test
  void realNodeBundleConfig() {
    Parsed<KubeletConfig> p = KubeletConfigParser.parse("k",
        NodeResources.read("/nodes/real-node1/nodes/node1/kubelet/config.yaml"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(List.of("10.96.0.10"), field(p, KubeletConfigParser.CLUSTER_DNS).items());
  }

  @Test
  void nestedFieldsFlowListsAndCommentsKeepTheirKeyLines() {
    Parsed<KubeletConfig> p = KubeletConfigParser.parse("k", """
        # written by kubeadm
        apiVersion: kubelet.config.k8s.io/v1beta1
        authentication:
          anonymous:
            enabled: false
        clusterDNS: ["169.254.20.10", 10.96.0.10]
        hairpinMode: hairpin-veth
        kind: KubeletConfiguration
        """);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(List.of("169.254.20.10", "10.96.0.10"), field(p, KubeletConfigParser.CLUSTER_DNS).items());
    assertEquals(6, field(p, KubeletConfigParser.CLUSTER_DNS).line());
    assertEquals(3, field(p, "authentication").line());
    assertEquals(false, field(p, "authentication").value().at("/anonymous/enabled").asBoolean(true));
    assertEquals("hairpin-veth", field(p, KubeletConfigParser.HAIRPIN_MODE).text());
  }

  @Test
  void brokenYamlKeepsWhatCameBefore() {
    Parsed<KubeletConfig> p = KubeletConfigParser.parse("k",
        "kind: KubeletConfiguration\nclusterDNS:\n- 10.96.0.10\nclusterDomain: [cluster.local\nresolvConf: x\n");
    assertEquals(List.of("10.96.0.10"), field(p, KubeletConfigParser.CLUSTER_DNS).items());
    ParseWarning w = p.warnings(ParseWarning.Kind.MALFORMED).get(0);
    assertTrue(w.message().startsWith("not valid YAML"), w.message());
    assertTrue(w.line() >= 4, w.toString());
  }

  @Test
  void shapesTheKubeletRefuses() {
    Parsed<KubeletConfig> scalar = KubeletConfigParser.parse("k",
        "kind: KubeletConfiguration\nclusterDNS: 10.96.0.10\nhairpinMode: {a: b}\n");
    assertEquals(List.of(), field(scalar, KubeletConfigParser.CLUSTER_DNS).items());
    assertEquals(List.of(2, 3), scalar.warnings(ParseWarning.Kind.MALFORMED).stream().map(ParseWarning::line).toList());
    Parsed<KubeletConfig> dup = KubeletConfigParser.parse("k",
        "kind: KubeletConfiguration\nclusterDomain: a\nclusterDomain: b\n");
    assertEquals("b", field(dup, KubeletConfigParser.CLUSTER_DOMAIN).text());
    assertEquals(3, dup.warnings(ParseWarning.Kind.MALFORMED).get(0).line());
    Parsed<KubeletConfig> proxy = KubeletConfigParser.parse("k", "apiVersion: v1\nkind: KubeProxyConfiguration\n");
    assertEquals(2, proxy.warnings(ParseWarning.Kind.UNRECOGNIZED).get(0).line());
    Parsed<KubeletConfig> two = KubeletConfigParser.parse("k", "kind: KubeletConfiguration\n---\nkind: Other\n");
    assertEquals("KubeletConfiguration", two.value().kind());
    assertEquals(1, two.warnings(ParseWarning.Kind.UNRECOGNIZED).size());
    Parsed<KubeletConfig> list = KubeletConfigParser.parse("k", "- a\n- b\n");
    assertTrue(list.value().fields().isEmpty());
    assertEquals(1, list.warnings(ParseWarning.Kind.MALFORMED).size());
    Parsed<KubeletConfig> empty = KubeletConfigParser.parse("k", "");
    assertTrue(empty.clean() && empty.value().fields().isEmpty());
  }
}
