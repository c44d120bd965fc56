package dev.packetwalk.trace.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the tracer's hairpin rule rests on, asked of the real kernel: with br_netfilter on, a pod reaching itself
 * through a DNATed address needs hairpin mode on its bridge port; with br_netfilter off it does not.
 */
class HairpinKernelTest {

  static String run(String brnf, String hairpin) throws Exception {
    Path script = Path.of(HairpinKernelTest.class.getResource("hairpin.sh").toURI());
    Process p = new ProcessBuilder("sh", script.toString(), brnf, hairpin, ProcessHandle.current().pid() + "-" + brnf
        + hairpin).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hairpin.sh did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return out.lines().reduce((a, b) -> b).orElse("");
  }

  @Test
  void hairpinDecidesOnlyWhenBridgedTrafficPassesNetfilter() throws Exception {
    boolean ip = Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
        || Files.isExecutable(Path.of("/bin/ip"));
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && ip,
        "needs root and ip(8) for network namespaces");
    Assumptions.assumeTrue(Files.exists(Path.of("/proc/sys/net/bridge")), "needs br_netfilter (/proc/sys/net/bridge)");
    assertEquals("timeout", run("1", "off"));
    assertEquals("ok", run("1", "on"));
    assertEquals("ok", run("0", "off"));
  }
}
