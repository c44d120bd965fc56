package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.Ingress;
import dev.packetwalk.model.cluster.IngressClass;
import dev.packetwalk.model.cluster.ObjectMeta;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Ingress (networking.k8s.io/v1, and the older v1beta1/extensions shape with serviceName/servicePort) and
 * IngressClass → model.
 */
final class IngressConverter {
  private IngressConverter() {}

  static Ingress ingress(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    ObjectMeta meta = meta(o);
    String cls = text(spec.get("ingressClassName"));
    SourceRef classRef = o.ref("/spec/ingressClassName");
    if (cls.isEmpty()) {
      cls = meta.annotations().getOrDefault("kubernetes.io/ingress.class", "");
      classRef = cls.isEmpty() ? meta.ref() : o.ref("/metadata/annotations/kubernetes.io~1ingress.class");
    }
    JsonNode dflt = spec.has("defaultBackend") ? spec.get("defaultBackend") : spec.get("backend");
    Ingress.Backend defaultBackend = dflt == null || dflt.isNull() ? null
        : backend(o, dflt, spec.has("defaultBackend") ? "/spec/defaultBackend" : "/spec/backend");
    List<Ingress.Rule> rules = new ArrayList<>();
    JsonNode rs = spec.path("rules");
    for (int i = 0; i < rs.size(); i++) {
      JsonNode r = rs.get(i);
      List<Ingress.Path> paths = new ArrayList<>();
      JsonNode ps = r.path("http").path("paths");
      for (int j = 0; j < ps.size(); j++) {
        JsonNode p = ps.get(j);
        String bp = "/spec/rules/" + i + "/http/paths/" + j + "/backend";
        paths.add(new Ingress.Path(text(p.get("path")), text(p.get("pathType")), backend(o, p.path("backend"), bp)));
      }
      rules.add(new Ingress.Rule(text(r.get("host")), paths));
    }
    List<String> tls = new ArrayList<>();
    for (JsonNode t : spec.path("tls")) tls.addAll(KubeFields.texts(t.get("hosts")));
    List<String> lb = new ArrayList<>();
    for (JsonNode i : o.node().path("status").path("loadBalancer").path("ingress")) {
      String a = text(i.get("ip"));
      lb.add(a.isEmpty() ? text(i.get("hostname")) : a);
    }
    return new Ingress(meta, cls, defaultBackend, rules, tls, lb, classRef);
  }

  private static Ingress.Backend backend(KubeObject o, JsonNode b, String pointer) {
    JsonNode svc = b.path("service");
    if (svc.isObject()) {
      JsonNode port = svc.path("port");
      var p = port.has("number") ? KubeFields.intOrString(port.get("number")) : KubeFields.intOrString(port.get("name"));
      return new Ingress.Backend(text(svc.get("name")), p, "", "", o.ref(pointer));
    }
    if (b.has("serviceName")) {
      return new Ingress.Backend(text(b.get("serviceName")), KubeFields.intOrString(b.get("servicePort")), "", "",
          o.ref(pointer));
    }
    JsonNode res = b.path("resource");
    return new Ingress.Backend("", null, text(res.get("kind")), text(res.get("name")), o.ref(pointer));
  }

  static IngressClass ingressClass(KubeObject o) {
    ObjectMeta meta = meta(o);
    boolean dflt = "true".equals(meta.annotations().get("ingressclass.kubernetes.io/is-default-class"));
    return new IngressClass(meta, text(o.node().path("spec").get("controller")), dflt);
  }
}
