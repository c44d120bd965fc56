package dev.packetwalk.model.cluster;

/** A port given by number or by name, as Kubernetes allows for targetPort and policy ports. */
public record IntOrString(Integer number, String name) {
  public static IntOrString of(int n) {
    return new IntOrString(n, null);
  }

  public static IntOrString of(String s) {
    return new IntOrString(null, s);
  }

  public boolean isNumber() {
    return number != null;
  }

  @Override
  public String toString() {
    return number != null ? number.toString() : name;
  }
}
