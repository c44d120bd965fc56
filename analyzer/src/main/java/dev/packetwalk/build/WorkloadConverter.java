package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.bool;
import static dev.packetwalk.build.KubeFields.integer;
import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.selector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.cluster.ConfigMap;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.LabelSelector;
import dev.packetwalk.model.cluster.Workload;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DaemonSet, Deployment and ConfigMap → model. */
final class WorkloadConverter {
  private WorkloadConverter() {}

  static Workload workload(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    JsonNode status = o.node().path("status");
    boolean daemonSet = "DaemonSet".equals(o.kind());
    int desired = daemonSet ? integer(status.get("desiredNumberScheduled"), 0) : integer(spec.get("replicas"), 1);
    int ready = daemonSet ? integer(status.get("numberReady"), 0) : integer(status.get("readyReplicas"), 0);
    List<Container> containers = new ArrayList<>();
    PodConverter.containers(o, "/spec/template/spec/initContainers", true, containers);
    PodConverter.containers(o, "/spec/template/spec/containers", false, containers);
    LabelSelector sel = selector(spec.get("selector"));
    return new Workload(meta(o), sel == null ? LabelSelector.EVERYTHING : sel, desired, ready, containers,
        bool(spec.path("template").path("spec").get("hostNetwork")));
  }

  static ConfigMap configMap(KubeObject o) {
    Map<String, String> data = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    JsonNode d = o.node().path("data");
    for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      data.put(k, d.get(k).asText());
      lines.put(k, o.ref("/data/" + k.replace("~", "~0").replace("/", "~1")).line());
    }
    return new ConfigMap(meta(o), data, lines);
  }
}
