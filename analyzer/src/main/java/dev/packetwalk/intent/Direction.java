package dev.packetwalk.intent;

import java.util.Locale;

/** The two directions a NetworkPolicy can isolate a pod in; named as in {@code policyTypes}. */
public enum Direction {
  INGRESS("Ingress"), EGRESS("Egress");

  private final String policyType;

  Direction(String policyType) {
    this.policyType = policyType;
  }

  /** "Ingress" or "Egress", as written in policyTypes. */
  public String policyType() {
    return policyType;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
