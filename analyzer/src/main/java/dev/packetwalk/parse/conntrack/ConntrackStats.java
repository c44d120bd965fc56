package dev.packetwalk.parse.conntrack;

import java.util.List;
import java.util.Map;

/**
 * {@code conntrack -S}: one line of counters per CPU, and their sums.
 *
 * <pre>
 * cpu=0   	found=0 invalid=6914 ignore=283790 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=9916
 * </pre>
 *
 * @param cpus per-CPU counters in file order
 * @param totals the sum of each counter over all CPUs
 */
public record ConntrackStats(List<Cpu> cpus, Map<String, Long> totals) {
  public ConntrackStats {
    cpus = List.copyOf(cpus);
    totals = Map.copyOf(totals);
  }

  public long total(String counter) {
    return totals.getOrDefault(counter, 0L);
  }

  /** @param cpu CPU number @param counters every {@code key=value} of the line except {@code cpu} */
  public record Cpu(int cpu, Map<String, Long> counters) {
    public Cpu {
      counters = Map.copyOf(counters);
    }
  }
}
