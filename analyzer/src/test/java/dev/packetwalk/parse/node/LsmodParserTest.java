package dev.packetwalk.parse.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.node.LsmodParser.Module;
import java.util.List;
import org.junit.jupiter.api.Test;

class LsmodParserTest {
  static final String LSMOD = NodeResources.realworld("hotsos-canal-k8s-node.lsmod.txt");

  static Module named(Parsed<List<Module>> p, String name) {
    return p.value().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void lsmodWithItsHeader() {
    Parsed<List<Module>> p = LsmodParser.parse("l", LSMOD);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(99, p.value().size());
    assertEquals(new Module("bridge", 176128, 1, List.of("br_netfilter"), null, "", 19), named(p, "bridge"));
    assertEquals("bridge                176128  1 br_netfilter", LSMOD.lines().toList().get(18));
    assertEquals(List.of(), named(p, "br_netfilter").usedBy());
    assertEquals(18, named(p, "x_tables").usedBy().size());
    assertEquals(4034560, named(p, "zfs").size());
  }

  @Test
  void lsmodWithoutTheHeaderGivesTheSameModulesOneLineUp() {
    Parsed<List<Module>> with = LsmodParser.parse("l", LSMOD);
    Parsed<List<Module>> without = LsmodParser.parse("l", LSMOD.substring(LSMOD.indexOf('\n') + 1));
    assertTrue(without.clean(), without.warnings().toString());
    assertEquals(with.value().stream().map(Module::name).toList(), without.value().stream().map(Module::name).toList());
    assertEquals(18, named(without, "bridge").line());
  }

  @Test
  void procModules() {
    Parsed<List<Module>> p = LsmodParser.parse("m", NodeResources.realworld("jc-linux-proc-modules.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(92, p.value().size());
    Module vsock = named(p, "vsock");
    assertEquals(List.of("vsock_loopback", "vmw_vsock_virtio_transport_common", "vmw_vsock_vmci_transport"),
        vsock.usedBy()); // the kernel's trailing comma is not a user
    assertEquals(5, vsock.useCount());
    assertEquals("Live", vsock.state());
    assertEquals(List.of(), named(p, "binfmt_misc").usedBy()); // "-"
    assertEquals(1, named(p, "binfmt_misc").line());
  }

  @Test
  void procModulesTaintsAndPermanentMarkers() {
    // kernel/module: "(OE)" taint flags after the address; "[permanent]," among the holders of an unremovable one
    Parsed<List<Module>> p = LsmodParser.parse("m", """
        vboxdrv 516096 2 vboxnetadp,vboxnetflt, Live 0x0000000000000000 (OE)
        ipv6 512000 33 br_netfilter,bridge,[permanent], Live 0x0000000000000000
        nf_nat 45056 0 - Loading 0xffffffffc0ab4000
        """);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals("(OE)", named(p, "vboxdrv").taints());
    assertEquals(List.of("br_netfilter", "bridge", "[permanent]"), named(p, "ipv6").usedBy());
    assertEquals("Loading", named(p, "nf_nat").state());
  }

  @Test
  void otherLinesAreKeptAsWarnings() {
    // what lsmod prints where /proc/modules is missing (samples/real-kernel/*: stderr/nodes/*/kernel/lsmod.txt)
    Parsed<List<Module>> p = LsmodParser.parse("l", "Module                  Size  Used by\n"
        + "Error: could not get list of modules: No such file or directory\nbridge 176128 1 br_netfilter\n"
        + "bridge 176128\n");
    assertEquals(List.of("bridge"), p.value().stream().map(Module::name).toList());
    assertEquals(2, p.warnings(ParseWarning.Kind.UNRECOGNIZED).size());
    assertEquals(2, p.warnings().get(0).line());
    assertTrue(p.warnings().get(0).raw().startsWith("Error: could not get list"));
    assertNull(p.value().get(0).state());
    assertTrue(LsmodParser.parse("l", "").value().isEmpty());
  }
}
