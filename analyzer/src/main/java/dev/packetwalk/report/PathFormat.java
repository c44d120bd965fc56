package dev.packetwalk.report;

import dev.packetwalk.model.SourceRef;
import dev.packetwalk.trace.Flow;
import dev.packetwalk.trace.Step;
import dev.packetwalk.trace.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** How every path renderer names the same things: ids, step types, probabilities, verdict words, locations. */
final class PathFormat {
  /** Decimal places of a branch probability, in every output, so that renders compare byte for byte. */
  static final int PROBABILITY_SCALE = 4;

  private PathFormat() {}

  /** {@code pod/shop/client->svc/shop/api:http/tcp}: stable across bundles that trace the same flow. */
  static String baseId(Flow f) {
    return f.from() + "->" + f.to() + "/" + f.proto().lower();
  }

  /** {@code ChainEvaluation} → {@code chain_evaluation}. */
  static String type(Step s) {
    String name = s.getClass().getSimpleName();
    StringBuilder b = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) b.append('_');
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  /** The probability rounded to {@link #PROBABILITY_SCALE} places, or null when unknown. */
  static BigDecimal probability(double p) {
    return Double.isNaN(p) ? null : BigDecimal.valueOf(p).setScale(PROBABILITY_SCALE, RoundingMode.HALF_EVEN);
  }

  /** {@code 0.5}, {@code 0.3333}, {@code 1}, or {@code ?} when unknown. */
  static String probabilityText(double p) {
    BigDecimal d = probability(p);
    return d == null ? "?" : d.stripTrailingZeros().toPlainString();
  }

  /** {@code partial}, {@code insufficient-info}: for CSS classes. */
  static String verdictId(Verdict v) {
    return v.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** What a reader is told: {@code Delivered}, {@code Partial}, {@code Broken}, {@code Insufficient info}. */
  static String verdictLabel(Verdict v) {
    return switch (v) {
      case DELIVERED -> "Delivered";
      case PARTIAL -> "Partial";
      case BROKEN -> "Broken";
      case INSUFFICIENT_INFO -> "Insufficient info";
    };
  }

  /** {@code nodes/a/iptables-save.txt:42}, or {@code kernel default} for a step no bundle line supports. */
  static String location(SourceRef r) {
    return r == null || r.isNone() ? "kernel default" : r.toString();
  }

  /** An enum constant as a reader would write it: {@code DROPPED_BY_POLICY} → {@code dropped by policy}. */
  static String words(Enum<?> e) {
    return e == null ? "" : e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
