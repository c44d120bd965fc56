package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.bool;
import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.text;
import static dev.packetwalk.build.KubeFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.cluster.Namespace;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** Node and Namespace → model. */
final class NodeConverter {
  private NodeConverter() {}

  static Node node(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    JsonNode status = o.node().path("status");
    List<Node.Address> addrs = new ArrayList<>();
    JsonNode as = status.path("addresses");
    for (int i = 0; i < as.size(); i++) {
      addrs.add(new Node.Address(text(as.get(i).get("type")), text(as.get(i).get("address")),
          o.ref("/status/addresses/" + i)));
    }
    String cidrField = spec.path("podCIDRs").size() > 0 ? "/spec/podCIDRs" : spec.has("podCIDR") ? "/spec/podCIDR"
        : "/spec";
    JsonNode info = status.path("nodeInfo");
    return new Node(meta(o), addrs, text(spec.get("podCIDR")), texts(spec.get("podCIDRs")),
        PodConverter.conditions(o, "/status/conditions"), text(info.get("kubeletVersion")),
        text(info.get("osImage")), text(info.get("kernelVersion")), text(info.get("containerRuntimeVersion")),
        bool(spec.get("unschedulable")), o.ref(cidrField));
  }

  static Namespace namespace(KubeObject o) {
    return new Namespace(meta(o), text(o.node().path("status").get("phase")));
  }
}
