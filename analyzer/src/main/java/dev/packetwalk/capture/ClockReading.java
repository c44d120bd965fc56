package dev.packetwalk.capture;

import java.util.OptionalLong;

/**
 * A node clock as the collector records it: {@code date +%s.%N} ("1763722803.123456789"), or {@code date +%s}
 * where date has no {@code %N}. Read into nanoseconds since the epoch without going through a double (which would
 * lose the nanoseconds).
 */
final class ClockReading {
  private ClockReading() {}

  /** Nanoseconds since the epoch, or empty when {@code s} is not "SECONDS[.FRACTION]". */
  static OptionalLong nanos(String s) {
    if (s == null || !s.matches("\\d{1,12}(\\.\\d{1,9})?")) {
      return OptionalLong.empty();
    }
    int dot = s.indexOf('.');
    long seconds = Long.parseLong(dot < 0 ? s : s.substring(0, dot));
    long fraction = 0;
    if (dot >= 0) {
      String f = (s.substring(dot + 1) + "000000000").substring(0, 9);
      fraction = Long.parseLong(f);
    }
    return OptionalLong.of(seconds * 1_000_000_000L + fraction);
  }
}
