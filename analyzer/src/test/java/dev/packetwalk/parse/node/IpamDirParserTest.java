package dev.packetwalk.parse.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import dev.packetwalk.parse.node.IpamDirParser.IpamDir;
import dev.packetwalk.parse.node.IpamDirParser.LastReserved;
import dev.packetwalk.parse.node.IpamDirParser.Reservation;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IpamDirParserTest {
  static final String DIR = "nodes/worker-2/files/var/lib/cni/networks/cbr0/";

  static TreeMap<String, String> files(String... nameAndText) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < nameAndText.length; i += 2) m.put(DIR + nameAndText[i], nameAndText[i + 1]);
    return m;
  }

  @Test
  void realKernelSampleDirectory() {
    TreeMap<String, String> m = new TreeMap<>();
    for (String name : List.of("10.244.2.10", "10.244.2.2", "10.244.2.20", "10.244.2.21", "last_reserved_ip.0")) {
      m.put(DIR + name, NodeResources.healthyWorker2("files/var/lib/cni/networks/cbr0/" + name));
    }
    Parsed<IpamDir> p = IpamDirParser.parse("cbr0", m);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals("cbr0", p.value().network());
    assertEquals(List.of("10.244.2.10", "10.244.2.2", "10.244.2.20", "10.244.2.21"),
        p.value().reservations().stream().map(Reservation::ip).toList());
    for (Reservation r : p.value().reservations()) {
      assertTrue(r.containerId().matches("[0-9a-f]{64}"), r.toString());
      assertEquals("eth0", r.ifname());
      assertEquals(DIR + r.ip(), r.file());
    }
    assertEquals(List.of(new LastReserved("0", "10.244.2.21", DIR + "last_reserved_ip.0")), p.value().lastReserved());
    assertFalse(p.value().locked());
  }

  @Test
  void hostLocalsOwnLineBreakAndTheOlderIdOnlyForm() {
    // host-local's disk store writes strings.TrimSpace(id) + "\r\n" + ifname; before ifname it wrote the id alone
    Parsed<IpamDir> p = IpamDirParser.parse("cbr0", files(
        "10.244.1.7", "5e912f72d8fb109a779ebd06049f9d3ce6c25d01a7c7e3d3d8bbbb4d32bc2993\r\neth0",
        "10.244.1.8", "0e00311b1565bcc26131223fb78648f9cf459755 53c661c077185bd8b2e7ea",
        "fd00:10:244:1::9", "abc\r\nnet1",
        "lock", ""));
    assertTrue(p.clean(), p.warnings().toString());
    Reservation crlf = p.value().reservations().get(0);
    assertEquals("5e912f72d8fb109a779ebd06049f9d3ce6c25d01a7c7e3d3d8bbbb4d32bc2993", crlf.containerId());
    assertEquals("eth0", crlf.ifname());
    assertNull(p.value().reservations().get(1).ifname());
    assertEquals("fd00:10:244:1::9", p.value().reservations().get(2).ip());
    assertTrue(p.value().locked());
  }

  @Test
  void strayFilesAndEmptyContentAreWarnings() {
    Parsed<IpamDir> p = IpamDirParser.parse("cbr0", files(
        "10.244.1.7", "",
        "README", "not ipam",
        "10.244.1.256", "abc",
        "last_reserved_ip.0", "garbage",
        "10.244.1.9", "abc\neth0\nextra"));
    assertEquals(List.of("10.244.1.7", "10.244.1.9"), p.value().reservations().stream().map(Reservation::ip).toList());
    assertEquals("", p.value().reservations().get(0).containerId());
    assertEquals(List.of(DIR + "10.244.1.256", DIR + "10.244.1.9", DIR + "README"), // name order
        p.warnings(ParseWarning.Kind.UNRECOGNIZED).stream().map(ParseWarning::file).toList());
    assertEquals(List.of(DIR + "10.244.1.7", DIR + "last_reserved_ip.0"),
        p.warnings(ParseWarning.Kind.MALFORMED).stream().map(ParseWarning::file).toList());
  }
}
