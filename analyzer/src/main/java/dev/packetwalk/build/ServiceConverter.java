package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.integer;
import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.text;
import static dev.packetwalk.build.KubeFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.cluster.EndpointAddress;
import dev.packetwalk.model.cluster.EndpointPort;
import dev.packetwalk.model.cluster.EndpointSet;
import dev.packetwalk.model.cluster.LabelSelector;
import dev.packetwalk.model.cluster.ObjectMeta;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.model.cluster.ServicePort;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Service, Endpoints and EndpointSlice → the model's Service and {@link EndpointSet}s. */
final class ServiceConverter {
  private ServiceConverter() {}

  static Service service(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    List<ServicePort> ports = new ArrayList<>();
    JsonNode ps = spec.path("ports");
    for (int i = 0; i < ps.size(); i++) {
      JsonNode p = ps.get(i);
      ports.add(new ServicePort(text(p.get("name")), text(p.get("protocol")), integer(p.get("port"), 0),
          KubeFields.intOrString(p.get("targetPort")), integer(p.get("nodePort"), 0), text(p.get("appProtocol")),
          o.ref("/spec/ports/" + i)));
    }
    Map<String, String> sel = KubeFields.stringMap(spec.get("selector"));
    LabelSelector selector = spec.has("selector") && !spec.get("selector").isNull() ? LabelSelector.of(sel) : null;
    List<String> lbIngress = new ArrayList<>();
    for (JsonNode i : o.node().path("status").path("loadBalancer").path("ingress")) {
      String a = text(i.get("ip"));
      lbIngress.add(a.isEmpty() ? text(i.get("hostname")) : a);
    }
    return new Service(meta(o), text(spec.get("type")), text(spec.get("clusterIP")), texts(spec.get("clusterIPs")),
        selector, ports, text(spec.get("externalTrafficPolicy")), text(spec.get("internalTrafficPolicy")),
        integer(spec.get("healthCheckNodePort"), 0), texts(spec.get("externalIPs")), lbIngress,
        texts(spec.get("loadBalancerSourceRanges")), text(spec.get("sessionAffinity")),
        text(spec.get("externalName")), specRefs(o, spec));
  }

  private static Map<String, SourceRef> specRefs(KubeObject o, JsonNode spec) {
    Map<String, SourceRef> refs = new LinkedHashMap<>();
    for (String f : List.of("selector", "type", "externalTrafficPolicy", "internalTrafficPolicy")) {
      if (spec.has(f)) refs.put(f, o.ref("/spec/" + f));
    }
    return refs;
  }

  static EndpointSet endpoints(KubeObject o) {
    List<EndpointAddress> addrs = new ArrayList<>();
    List<EndpointPort> ports = new ArrayList<>();
    JsonNode subsets = o.node().path("subsets");
    for (int s = 0; s < subsets.size(); s++) {
      JsonNode subset = subsets.get(s);
      addresses(o, "/subsets/" + s + "/addresses", true, addrs);
      addresses(o, "/subsets/" + s + "/notReadyAddresses", false, addrs);
      for (JsonNode p : subset.path("ports")) {
        EndpointPort ep = new EndpointPort(text(p.get("name")), integer(p.get("port"), 0), text(p.get("protocol")));
        if (!ports.contains(ep)) ports.add(ep);
      }
    }
    ObjectMeta meta = meta(o);
    return new EndpointSet(meta, EndpointSet.Source.ENDPOINTS, meta.name(), "", addrs, ports);
  }

  private static void addresses(KubeObject o, String pointer, boolean ready, List<EndpointAddress> out) {
    JsonNode list = o.node().at(pointer);
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      JsonNode t = a.path("targetRef");
      out.add(new EndpointAddress(text(a.get("ip")), text(a.get("nodeName")), ready, ready, false,
          text(t.get("kind")), text(t.get("namespace")), text(t.get("name")), o.ref(pointer + "/" + i)));
    }
  }

  static EndpointSet slice(KubeObject o) {
    ObjectMeta meta = meta(o);
    List<EndpointAddress> addrs = new ArrayList<>();
    JsonNode eps = o.node().path("endpoints");
    for (int i = 0; i < eps.size(); i++) {
      JsonNode e = eps.get(i);
      JsonNode cond = e.path("conditions");
      // the API documents nil "ready" as "should be interpreted as ready"; serving defaults to ready
      boolean ready = !cond.has("ready") || cond.get("ready").isNull() || cond.get("ready").asBoolean();
      boolean serving = !cond.has("serving") || cond.get("serving").isNull() ? ready
          : cond.get("serving").asBoolean();
      boolean terminating = cond.path("terminating").asBoolean(false);
      JsonNode t = e.path("targetRef");
      String node = text(e.get("nodeName"));
      if (node.isEmpty()) node = text(e.path("topology").get("kubernetes.io/hostname"));
      for (String ip : texts(e.get("addresses"))) {
        addrs.add(new EndpointAddress(ip, node, ready, serving, terminating, text(t.get("kind")),
            text(t.get("namespace")), text(t.get("name")), o.ref("/endpoints/" + i)));
      }
    }
    List<EndpointPort> ports = new ArrayList<>();
    for (JsonNode p : o.node().path("ports")) {
      ports.add(new EndpointPort(text(p.get("name")), integer(p.get("port"), 0), text(p.get("protocol"))));
    }
    String service = meta.labels().getOrDefault("kubernetes.io/service-name", "");
    return new EndpointSet(meta, EndpointSet.Source.SLICE, service, text(o.node().get("addressType")), addrs, ports);
  }
}
