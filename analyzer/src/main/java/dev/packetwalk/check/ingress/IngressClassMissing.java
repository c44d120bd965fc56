package dev.packetwalk.check.ingress;

import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Cluster;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.IngressClass;
import java.util.ArrayList;
import java.util.List;

/** An Ingress whose class does not exist, or that names none while no IngressClass is the default. */
public final class IngressClassMissing implements Check {
  static final CheckInfo INFO = new CheckInfo("ingress-class-missing", "Ingress class missing",
      Severity.ERROR, Layer.KUBERNETES,
      "An Ingress names an IngressClass that does not exist, or names none while no IngressClass is the default.");

  @Override
  public CheckInfo info() {
    return INFO;
  }

  @Override
  public List<Finding> run(CheckContext ctx) {
    if (!ctx.require(Cluster.Kind.INGRESSES, Cluster.Kind.INGRESS_CLASSES)) return List.of();
    Cluster c = ctx.cluster();
    List<String> classes = c.ingressClasses().stream().map(k -> k.meta().name()).toList();
    boolean hasDefault = c.ingressClasses().stream().anyMatch(IngressClass::isDefault);
    SourceRef list = new SourceRef(EvidenceSpec.INGRESS_CLASSES.pattern(), 0, "");
    String known = classes.isEmpty() ? "no IngressClass exists" : "the IngressClasses are " + String.join(", ", classes);
    List<Finding> out = new ArrayList<>();
    for (Ingress ing : c.ingresses()) {
      String cls = ing.ingressClassName();
      if (!cls.isEmpty() && classes.contains(cls)) continue;
      if (cls.isEmpty() && hasDefault) continue;
      boolean viaAnnotation = !cls.isEmpty() && ing.classRef().pointer().contains("annotations");
      var f = ctx.finding(Subject.of("Ingress", ing.meta().namespace(), ing.meta().name()),
              cls.isEmpty() ? "Ingress " + ing.meta().key() + " has no class and there is no default IngressClass"
                  : "Ingress " + ing.meta().key() + " uses IngressClass " + cls + ", which does not exist")
          .severity(cls.isEmpty() || viaAnnotation ? Severity.WARNING : Severity.ERROR)
          .evidence(ctx.evidence(ing.classRef(), cls.isEmpty() ? "Ingress without a class"
              : (viaAnnotation ? "kubernetes.io/ingress.class annotation" : "spec.ingressClassName")))
          .evidence(ctx.evidence(list, known));
      String why = cls.isEmpty()
          ? "Ingress " + ing.meta().key() + " sets neither spec.ingressClassName nor the kubernetes.io/ingress.class "
              + "annotation, and no IngressClass is marked ingressclass.kubernetes.io/is-default-class; " + known
              + ". Controllers ignore class-less Ingresses unless started with --watch-ingress-without-class, so "
              + "its rules are most likely served by nobody."
          : "Ingress " + ing.meta().key() + " asks for class '" + cls + "'" + (viaAnnotation ? " (annotation)" : "")
              + ", but " + known + ". No controller claims the Ingress, so its hosts and paths are not served and "
              + "it gets no address." + (viaAnnotation ? " Some controllers still match the deprecated annotation "
              + "against their own --ingress-class flag without an IngressClass object, so check the controller." : "");
      out.add(f.explain(why)
          .remedy("Set spec.ingressClassName of the Ingress to one of `kubectl get ingressclass` (" + String.join(", ",
              classes) + "), create the missing IngressClass for the installed controller, or mark one "
              + "IngressClass default with the annotation ingressclass.kubernetes.io/is-default-class=\"true\".")
          .build());
    }
    return out;
  }
}
