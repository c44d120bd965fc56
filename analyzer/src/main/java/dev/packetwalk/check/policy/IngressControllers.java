package dev.packetwalk.check.policy;

import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.Pod;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Recognises ingress controller pods by their well-known labels or images. */
final class IngressControllers {
  private IngressControllers() {}

  private static final Set<String> NAMES = Set.of("ingress-nginx", "nginx-ingress", "nginx-ingress-controller",
      "traefik", "haproxy-ingress", "kubernetes-ingress", "contour", "envoy", "kong", "ingress-controller");
  private static final List<String> LABEL_KEYS = List.of("app.kubernetes.io/name", "app", "k8s-app", "name");
  private static final List<String> IMAGE_HINTS = List.of("ingress", "traefik", "kong", "contour",
      "envoyproxy/envoy");

  /** Running, non-terminal ingress controller pods, in the model's order. */
  static List<Pod> in(Cluster cluster) {
    return cluster.pods().stream().filter(p -> !p.terminal() && isController(p)).toList();
  }

  /** "{app.kubernetes.io/name: ingress-nginx}": the label a policy should select the controller by. */
  static String identifyingLabel(Pod pod) {
    for (String key : LABEL_KEYS) {
      String v = pod.meta().labels().get(key);
      if (v != null) return "{" + key + ": " + v + "}";
    }
    return "{<the controller's labels>}";
  }

  static boolean isController(Pod pod) {
    for (String key : LABEL_KEYS) {
      String v = pod.meta().labels().get(key);
      if (v != null && NAMES.contains(v.toLowerCase(Locale.ROOT))) return true;
    }
    String component = pod.meta().labels().getOrDefault("app.kubernetes.io/component", "");
    String name = pod.meta().labels().getOrDefault("app.kubernetes.io/name", "");
    if (component.equals("controller") && name.contains("ingress")) return true;
    for (Container c : pod.containers()) {
      if (c.init()) continue;
      String image = c.image().toLowerCase(Locale.ROOT);
      if (IMAGE_HINTS.stream().anyMatch(image::contains)) return true;
    }
    return false;
  }
}
