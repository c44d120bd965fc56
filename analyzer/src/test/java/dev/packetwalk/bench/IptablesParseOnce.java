package dev.packetwalk.bench;

import dev.packetwalk.parse.iptables.IptablesDump;
import dev.packetwalk.parse.iptables.IptablesSaveParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: what one CLI run does with a dump, in a fresh JVM (cold JIT): read the file, parse it, exit. Prints
 * {@code rules=N readParseMs=T peakHeapMiB=H}. {@link IptablesParseBench} times it as a whole process, start to exit,
 * like {@code iptables-restore --test}.
 */
public final class IptablesParseOnce {

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    Path file = Path.of(args[0]);
    IptablesDump d = IptablesSaveParser.parse(file.toString(), Files.readString(file));
    long t1 = System.nanoTime();
    long peak = 0;
    for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
      if (m.getType() == MemoryType.HEAP) {
        peak += m.getPeakUsage().getUsed();
      }
    }
    int rules = 0;
    for (var t : d.tables()) {
      for (var c : t.chains()) {
        rules += c.rules().size();
      }
    }
    System.out.printf("rules=%d readParseMs=%.0f peakHeapMiB=%d%n", rules, (t1 - t0) / 1e6, peak >> 20);
  }
}
