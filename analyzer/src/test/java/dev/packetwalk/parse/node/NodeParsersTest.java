package dev.packetwalk.parse.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeParsersTest {

  private static String rw(String name) throws IOException {
    try (InputStream in = NodeParsersTest.class.getResourceAsStream("realworld/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> types(CniConfigParser.CniConfig c) {
    return c.plugins().stream().map(CniConfigParser.CniPlugin::type).toList();
  }

  @Test
  void canalNodeSysctl() throws IOException {
    Parsed<Map<String, String>> p = SysctlParser.parse("s", rw("hotsos-canal-k8s-node.sysctl_-a.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertTrue(p.value().size() > 900);
    assertTrue(p.value().get("dev.cdrom.info").contains("drive speed:"));
    Parsed<Map<String, String>> g = SysctlParser.parse("s",
        "net.ipv4.ip_forward = 1\nsysctl: permission denied on key 'fs.protected_regular'\nkernel.x = a\tb\nnet.y =\n");
    assertEquals("1", g.value().get("net.ipv4.ip_forward"));
    assertEquals("a\tb", g.value().get("kernel.x"));
    assertEquals("", g.value().get("net.y"));
    assertEquals(ParseWarning.Kind.UNSUPPORTED, g.warnings().get(0).kind());
  }

  @Test
  void cniConfigs() throws IOException {
    var flannel = CniConfigParser.parse("c", rw("flannel-kube-flannel.yml.10-flannel.conflist"));
    assertTrue(flannel.clean());
    assertEquals("cbr0", flannel.value().name());
    assertEquals(List.of("flannel", "portmap"), types(flannel.value()));
    assertTrue(flannel.value().plugins().get(0).delegate().path("hairpinMode").asBoolean());
    var bridge = CniConfigParser.parse("c", rw("cni-plugins-basic-bridge.json")).value();
    assertFalse(bridge.conflist());
    assertEquals("test-bridge-0", bridge.plugins().get(0).bridge());
    assertEquals("10.11.2.0/24", bridge.plugins().get(0).ipamSubnet());
    assertEquals("/tmp/foo", bridge.plugins().get(0).ipamDataDir());
    var ptp = CniConfigParser.parse("c", rw("cni-plugins-chained-ptp-bandwidth.conflist")).value();
    assertEquals(List.of("ptp", "bandwidth"), types(ptp));
    assertEquals(512, ptp.plugins().get(0).mtu());
    assertEquals(Boolean.TRUE, ptp.plugins().get(0).ipMasq());
    var aws = CniConfigParser.parse("c", rw("aws-vpc-cni-10-aws.conflist.template"));
    assertEquals(List.of("aws-cni", "egress-cni", "portmap"), types(aws.value()));
    assertEquals(List.of("__EGRESSPLUGINIPAMSUBNET__"), aws.value().plugins().get(1).ipamRanges());
    assertEquals(14, aws.warnings(ParseWarning.Kind.UNSUPPORTED).size()); // one per line holding a placeholder
    var calico = CniConfigParser.parse("c", rw("microk8s-calico-cni_network_config.conflist.template"));
    assertEquals(List.of("calico", "portmap", "bandwidth"), types(calico.value())); // "mtu": __CNI_MTU__ repaired
    assertNull(calico.value().plugins().get(0).mtu());
    var canal = CniConfigParser.parse("c", rw("hotsos-charm-canal-10-canal.conflist.j2"));
    assertEquals(List.of("calico", "portmap"), types(canal.value()));
    assertEquals(6, canal.warnings(ParseWarning.Kind.UNSUPPORTED).size());
    assertEquals(List.of("azure-vnet", "cilium-cni"),
        types(CniConfigParser.parse("c", rw("azure-chained-cilium.conflist")).value()));
    assertEquals("cilium-cni", CniConfigParser.parse("c", rw("cilium-05-cilium-cni.conf")).value().plugins().get(0).type());
    assertEquals("kube-bridge", CniConfigParser.parse("c", rw("kube-router-10-kuberouter.conf")).value().plugins().get(0).bridge());
    assertEquals(ParseWarning.Kind.UNRECOGNIZED,
        CniConfigParser.parse("c", rw("flannel-kube-flannel.yml.net-conf.json")).warnings().get(0).kind());
    assertEquals(ParseWarning.Kind.MALFORMED, CniConfigParser.parse("c", "name: yaml").warnings().get(0).kind());
    for (String f : List.of("azure-cns-cilium.conflist", "azure-linux.conflist", "microk8s-flannel.conflist",
        "microk8s-flannel-network-mgr-config.json")) {
      CniConfigParser.parse(f, rw(f)); // no exception for any corpus file
    }
  }

  @Test
  void flannelSubnetEnvAndResolvConf() throws IOException {
    var env = FlannelSubnetEnvParser.parse("e", rw("hotsos-canal-k8s-node.flannel-subnet.env"));
    assertTrue(env.clean());
    assertEquals("10.1.0.0/16", env.value().network());
    assertEquals("10.1.84.1/24", env.value().subnet());
    assertEquals(8908, env.value().mtu());
    assertEquals(Boolean.TRUE, env.value().ipMasq());
    assertEquals(Boolean.FALSE, FlannelSubnetEnvParser.parse("e", rw("flannel-dist-sample_subnet.env")).value().ipMasq());
    var r = ResolvConfParser.parse("r", "# x\nnameserver 10.96.0.10\nsearch a.svc b\noptions ndots:5 single-request-reopen\nbogus 1\n");
    assertEquals(List.of("10.96.0.10"), r.value().nameservers());
    assertEquals(List.of("a.svc", "b"), r.value().search());
    assertEquals(5, r.value().ndots());
    assertEquals("", r.value().options().get("single-request-reopen"));
    assertEquals(5, r.warnings().get(0).line());
  }
}
