package dev.packetwalk.check;

/** The four layers seed 000 narrows a failure through, outermost first. */
public enum Layer {
  INFRASTRUCTURE("Infrastructure", "nodes, kernel, underlay network, cloud"),
  KUBERNETES("Kubernetes built-ins", "Service/kube-proxy, DNS, Ingress, NetworkPolicy"),
  CNI("CNI", "the network plugin: pod addressing, routes between nodes, its daemons"),
  ADDONS("Add-ons", "ingress controllers, service meshes, other extensions");

  private final String title;
  private final String scope;

  Layer(String title, String scope) {
    this.title = title;
    this.scope = scope;
  }

  public String title() {
    return title;
  }

  public String scope() {
    return scope;
  }

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
