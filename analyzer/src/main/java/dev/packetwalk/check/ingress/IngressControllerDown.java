package dev.packetwalk.check.ingress;

import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.check.service.Backends;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.IngressClass;
import dev.packetwalk.model.cluster.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The controller pods that serve an IngressClass in use are all down or unready, so its Ingresses are not served. */
public final class IngressControllerDown implements Check {
  static final CheckInfo INFO = new CheckInfo("ingress-controller-down", "Ingress controller not running",
      Severity.ERROR, Layer.ADDONS,
      "No pod of the controller that serves an IngressClass in use is running and ready.");

  /** A known controller: its IngressClass.spec.controller value, and how its pods are recognised. */
  record Family(String name, String controller, String labelKey, String labelValue, String image) {
    boolean serves(IngressClass k) {
      return k.controller().equals(controller) || k.controller().startsWith(controller + "/");
    }

    boolean runs(Pod p) {
      if (!labelKey.isEmpty() && labelValue.equals(p.meta().labels().get(labelKey))
          && !"admission-webhook".equals(p.meta().labels().get("app.kubernetes.io/component"))) {
        return true;
      }
      return p.containers().stream().anyMatch(c -> !c.init() && c.image().contains(image));
    }
  }

  static final List<Family> FAMILIES = List.of(
      new Family("ingress-nginx", "k8s.io/ingress-nginx", "app.kubernetes.io/name", "ingress-nginx",
          "ingress-nginx/controller"),
      new Family("NGINX Ingress Controller (F5)", "nginx.org/ingress-controller", "app.kubernetes.io/name",
          "nginx-ingress", "nginx/nginx-ingress"),
      new Family("Traefik", "traefik.io/ingress-controller", "app.kubernetes.io/name", "traefik", "traefik:"),
      new Family("HAProxy Ingress", "haproxy.org/ingress-controller", "app.kubernetes.io/name",
          "kubernetes-ingress", "haproxytech/kubernetes-ingress"),
      new Family("HAProxy Ingress (jcmoraisjr)", "haproxy-ingress.github.io/controller", "app.kubernetes.io/name",
          "haproxy-ingress", "haproxy-ingress"),
      new Family("Contour", "projectcontour.io/ingress-controller", "app.kubernetes.io/component", "contour",
          "projectcontour/contour"),
      new Family("Kong", "ingress-controllers.konghq.com/kong", "app.kubernetes.io/name", "kong",
          "kong/kubernetes-ingress-controller"));

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.INGRESSES, Cluster.Kind.INGRESS_CLASSES, Cluster.Kind.PODS)) return List.of();
    Cluster c = ctx.cluster();
    List<Finding> out = new ArrayList<>();
    for (IngressClass k : c.ingressClasses()) {
      List<Ingress> users = c.ingresses().stream().filter(i -> i.ingressClassName().equals(k.meta().name())
          || i.ingressClassName().isEmpty() && k.isDefault()).toList();
      if (users.isEmpty()) continue;
      Optional<Family> family = FAMILIES.stream().filter(f -> f.serves(k)).findFirst();
      List<Pod> pods = family.map(f -> c.pods().stream().filter(p -> !p.terminal() && f.runs(p)).toList())
          .orElse(List.of());
      if (pods.isEmpty()) {
        ctx.insufficient("IngressClass " + k.meta().name() + ": no pod of controller '" + k.controller()
            + "' could be identified" + (family.isEmpty() ? " (not a controller packetwalk knows)" : ""));
        continue;
      }
      if (pods.stream().anyMatch(p -> p.running() && p.ready())) continue;
      var f = ctx.finding(Subject.of("IngressClass", "", k.meta().name()),
              "No " + family.get().name() + " controller pod serving IngressClass " + k.meta().name() + " is ready")
          .evidence(ctx.evidence(k.meta().ref(), "IngressClass " + k.meta().name() + " → " + k.controller()));
      List<String> states = new ArrayList<>();
      for (Pod p : pods) {
        Backends.PodState st = Backends.diagnose(ctx, p);
        states.add(p.meta().namespace() + "/" + st.summary());
        f.evidence(st.evidence());
      }
      users.stream().limit(3).forEach(i -> f.evidence(ctx.evidence(i.classRef(), "Ingress " + i.meta().key())));
      Pod first = pods.get(0);
      out.add(f.explain("IngressClass " + k.meta().name() + " is served by controller " + k.controller() + " ("
              + family.get().name() + "), but none of its " + pods.size() + " pod(s) is running and ready: "
              + String.join(". ", states) + ". The " + users.size() + " Ingress(es) of this class ("
              + String.join(", ", users.stream().map(i -> i.meta().key()).limit(5).toList()) + ") are not served: "
              + "connections to the controller's address are refused or time out.")
          .remedy("Investigate the controller: `kubectl -n " + first.meta().namespace() + " describe pod "
              + first.meta().name() + "` and `kubectl -n " + first.meta().namespace() + " logs " + first.meta().name()
              + " --previous`; a hostNetwork controller that cannot bind 80/443 points to hostnetwork-port-conflict.")
          .build());
    }
    return out;
  }
}
