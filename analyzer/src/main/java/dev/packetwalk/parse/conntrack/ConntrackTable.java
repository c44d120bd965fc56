package dev.packetwalk.parse.conntrack;

import java.util.List;

/**
 * All entries of one {@code conntrack -L} file.
 *
 * @param entries entries in file order
 * @param reportedCount N from the trailing {@code conntrack v1.4.x (conntrack-tools): N flow entries have been shown.}
 *     line (stderr, often captured with stdout), or -1 when absent
 */
public record ConntrackTable(List<ConntrackEntry> entries, long reportedCount) {
  public ConntrackTable {
    entries = List.copyOf(entries);
  }
}
