package dev.packetwalk.parse.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.packetwalk.parse.ParseWarning;
import dev.packetwalk.parse.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ss -l} output: the real capture of realkernel-ss/make.sh, real packetwalk bundles, and older formats. */
class SsParserTest {

  private static List<String> brief(Parsed<List<ListeningSocket>> p) {
    return p.value().stream().map(s -> s.protocol() + " " + s.state() + " " + s.address() + " " + s.port()
        + (s.device().isEmpty() ? "" : " %" + s.device()) + (s.process().isEmpty() ? "" : " " + s.process()))
        .toList();
  }

  @Test
  void realSsLtnupWithProcessScopesV6AndUdp() {
    Parsed<List<ListeningSocket>> p = SsParser.parse(SsParser.PATH, Fixtures.read("realkernel-ss/ss-ltnup.txt"));
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(List.of(
        "udp UNCONN 0.0.0.0 5300 python3",
        "udp UNCONN 127.0.0.53 53 %lo python3",
        "udp UNCONN * 5353 python3",
        "tcp LISTEN 0.0.0.0 7000 %eth0 python3",
        "tcp LISTEN 127.0.0.53 53 %lo python3",
        "tcp LISTEN 10.9.0.2 8080 python3",
        "tcp LISTEN * 80 python3",
        "tcp LISTEN fd00::2 9000 python3",
        "tcp LISTEN :: 8443 python3"), brief(p));
    assertEquals(2, p.value().get(0).line());
  }

  @Test
  void withoutNetidColumnTheStateTellsTheProtocol() {
    Parsed<List<ListeningSocket>> tcp = SsParser.parse("f", Fixtures.read("realkernel-ss/ss-ltn.txt"));
    assertTrue(tcp.clean(), tcp.warnings().toString());
    assertEquals(6, tcp.value().size());
    assertTrue(tcp.value().stream().allMatch(s -> s.protocol().equals("tcp") && s.process().isEmpty()));
    Parsed<List<ListeningSocket>> udp = SsParser.parse("f", Fixtures.read("realkernel-ss/ss-lun.txt"));
    assertTrue(udp.clean(), udp.warnings().toString());
    assertEquals(List.of("udp UNCONN 0.0.0.0 5300", "udp UNCONN 127.0.0.53 53 %lo", "udp UNCONN * 5353"),
        brief(udp));
    Parsed<List<ListeningSocket>> both = SsParser.parse("f", Fixtures.read("realkernel-ss/ss-ltnu.txt"));
    assertEquals(9, both.value().size());
    assertTrue(both.clean());
  }

  @Test
  void packetwalkNodeCapturesFromTheRealKernelHarness() {
    // worker-2's CoreDNS-like pod in samples/real-kernel/healthy.tar.gz: header glued "PortProcess", padded blanks
    String text = """
        Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                            \s
        udp   UNCONN 0      0         10.244.2.2:53        0.0.0.0:*    users:(("python3",pid=22627,fd=3))
        tcp   LISTEN 0      128       10.244.2.2:53        0.0.0.0:*    users:(("python3",pid=22627,fd=4))
        """;
    assertEquals(List.of("udp UNCONN 10.244.2.2 53 python3", "tcp LISTEN 10.244.2.2 53 python3"),
        brief(SsParser.parse("f", text)));
    Parsed<List<ListeningSocket>> none = SsParser.parse("f",
        "Netid State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n");
    assertTrue(none.clean());
    assertTrue(none.value().isEmpty());
  }

  @Test
  void olderSsLayoutsAndSeveralOwners() {
    // iproute2 4.x: no Process header, padded columns, v6 without brackets; several processes share a socket
    String text = """
        Netid  State      Recv-Q Send-Q     Local Address:Port                    Peer Address:Port
        tcp    LISTEN     0      128                    *:22                                 *:*                   users:(("sshd",pid=1021,fd=3))
        tcp    LISTEN     0      128                   :::22                                :::*                   users:(("sshd",pid=1021,fd=4))
        tcp    LISTEN     0      511                    *:80                                 *:*                   users:(("nginx",pid=7,fd=6),("nginx",pid=1,fd=6))
        udp    UNCONN     0      0       fe80::a00:27ff:fe4e:66a1%enp0s3:546                 :::*
        tcp    LISTEN     0      128    [fe80::1]%eth0:8080                 [::]:*
        """;
    Parsed<List<ListeningSocket>> p = SsParser.parse("f", text);
    assertTrue(p.clean(), p.warnings().toString());
    assertEquals(List.of("tcp LISTEN * 22 sshd", "tcp LISTEN :: 22 sshd", "tcp LISTEN * 80 nginx",
        "udp UNCONN fe80::a00:27ff:fe4e:66a1 546 %enp0s3", "tcp LISTEN fe80::1 8080 %eth0"), brief(p));
  }

  @Test
  void oddLinesBecomeTypedWarningsKeptRaw() {
    String text = """
        Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
        tcp   LISTEN 0      5           10.9.0.2:8080      0.0.0.0:*
        raw   UNCONN 0      0                  *:ipv6-icmp       *:*
        tcp   ESTAB  0      0           10.9.0.2:8080     10.9.0.9:4242
        Cannot open netlink socket: Protocol not supported
        tcp   LISTEN 0      5           10.9.0.2:http      0.0.0.0:*
        tcp   LISTEN x      5           10.9.0.2:81        0.0.0.0:*
        """;
    Parsed<List<ListeningSocket>> p = SsParser.parse("f", text);
    assertEquals(List.of("tcp LISTEN 10.9.0.2 8080"), brief(p));
    assertEquals(List.of(ParseWarning.Kind.UNSUPPORTED, ParseWarning.Kind.UNSUPPORTED,
        ParseWarning.Kind.UNRECOGNIZED, ParseWarning.Kind.MALFORMED, ParseWarning.Kind.UNRECOGNIZED),
        p.warnings().stream().map(ParseWarning::kind).toList());
    assertEquals(List.of(3, 4, 5, 6, 7), p.warnings().stream().map(ParseWarning::line).toList());
    assertTrue(p.warnings().get(2).raw().startsWith("Cannot open netlink"));
    assertTrue(SsParser.parse("f", "").value().isEmpty());
  }
}
