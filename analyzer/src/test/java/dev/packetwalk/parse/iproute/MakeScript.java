package dev.packetwalk.parse.iproute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Re-runs a fixture's {@code make.sh} into a temp dir: skipped (visibly) when not root or netns is unavailable. */
final class MakeScript {
  private MakeScript() {}

  static void run(String fixtureDir, Path out) throws Exception {
    Path script = Path.of("src/test/resources/dev/packetwalk/parse/iproute", fixtureDir, "make.sh").toAbsolutePath();
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 not installed");
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root for ip netns");
    String suffix = "-" + ProcessHandle.current().pid();
    Process probe = new ProcessBuilder("ip", "netns", "add", "pw-probe" + suffix).redirectErrorStream(true).start();
    boolean netns = probe.waitFor() == 0;
    new ProcessBuilder("ip", "netns", "del", "pw-probe" + suffix).start().waitFor();
    Assumptions.assumeTrue(netns, "network namespaces unavailable here");
    // output to a file, not a pipe: a process that outlived the script must not hold the test
    Path log = Files.createTempFile("make", ".log");
    ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), out.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("PW_NETNS_SUFFIX", suffix);
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " did not finish in 120 s");
    assertEquals(0, p.exitValue(), Files.readString(log));
    Files.delete(log);
  }
}
