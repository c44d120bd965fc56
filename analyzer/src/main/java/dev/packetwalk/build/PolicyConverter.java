package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.integer;
import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.selector;
import static dev.packetwalk.build.KubeFields.text;
import static dev.packetwalk.build.KubeFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.cluster.LabelSelector;
import dev.packetwalk.model.cluster.NetworkPolicy;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 NetworkPolicy → model, applying the API's defaults for policyTypes. */
final class PolicyConverter {
  private PolicyConverter() {}

  static NetworkPolicy convert(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    List<String> types = texts(spec.get("policyTypes"));
    // API defaulting: Ingress always, Egress only when egress rules exist
    boolean ingressIsolated = types.isEmpty() || types.contains("Ingress");
    boolean egressIsolated = types.isEmpty() ? spec.has("egress") && spec.get("egress").size() > 0
        : types.contains("Egress");
    LabelSelector pods = selector(spec.get("podSelector"));
    return new NetworkPolicy(meta(o), pods == null ? LabelSelector.EVERYTHING : pods, ingressIsolated,
        egressIsolated, rules(o, "/spec/ingress", "from"), rules(o, "/spec/egress", "to"),
        o.ref(spec.has("podSelector") ? "/spec/podSelector" : ""));
  }

  private static List<NetworkPolicy.Rule> rules(KubeObject o, String pointer, String peersField) {
    List<NetworkPolicy.Rule> out = new ArrayList<>();
    JsonNode list = o.node().at(pointer);
    for (int i = 0; i < list.size(); i++) {
      JsonNode r = list.get(i);
      String rp = pointer + "/" + i;
      List<NetworkPolicy.Peer> peers = new ArrayList<>();
      JsonNode ps = r.path(peersField);
      for (int j = 0; j < ps.size(); j++) {
        JsonNode p = ps.get(j);
        JsonNode ip = p.get("ipBlock");
        peers.add(new NetworkPolicy.Peer(selector(p.get("podSelector")), selector(p.get("namespaceSelector")),
            ip == null || ip.isNull() ? null : text(ip.get("cidr")), ip == null ? List.of() : texts(ip.get("except")),
            o.ref(rp + "/" + peersField + "/" + j)));
      }
      List<NetworkPolicy.Port> ports = new ArrayList<>();
      for (JsonNode p : r.path("ports")) {
        ports.add(new NetworkPolicy.Port(text(p.get("protocol")), KubeFields.intOrString(p.get("port")),
            p.has("endPort") ? integer(p.get("endPort"), 0) : null));
      }
      out.add(new NetworkPolicy.Rule(peers, ports, o.ref(rp)));
    }
    return out;
  }
}
