package dev.packetwalk.build;

import static dev.packetwalk.build.KubeFields.bool;
import static dev.packetwalk.build.KubeFields.integer;
import static dev.packetwalk.build.KubeFields.meta;
import static dev.packetwalk.build.KubeFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.cluster.Condition;
import dev.packetwalk.model.cluster.Container;
import dev.packetwalk.model.cluster.ContainerStatus;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.parse.kube.KubeObject;
import java.util.ArrayList;
import java.util.List;

/** core/v1 Pod → {@link Pod}. */
final class PodConverter {
  private PodConverter() {}

  static Pod convert(KubeObject o) {
    JsonNode spec = o.node().path("spec");
    JsonNode status = o.node().path("status");
    List<Container> containers = new ArrayList<>();
    containers(o, "/spec/initContainers", true, containers);
    containers(o, "/spec/containers", false, containers);
    List<ContainerStatus> statuses = new ArrayList<>();
    statuses(o, "/status/initContainerStatuses", true, statuses);
    statuses(o, "/status/containerStatuses", false, statuses);
    List<Condition> conditions = conditions(o, "/status/conditions");
    List<String> ips = new ArrayList<>();
    for (JsonNode ip : status.path("podIPs")) if (!text(ip.get("ip")).isEmpty()) ips.add(text(ip.get("ip")));
    String podIP = text(status.get("podIP"));
    if (ips.isEmpty() && !podIP.isEmpty()) ips.add(podIP);
    String phase = text(status.get("phase"));
    return new Pod(meta(o), text(spec.get("nodeName")), phase, podIP, ips, bool(spec.get("hostNetwork")),
        containers, statuses, conditions,
        displayStatus(o.node(), phase, statuses, containers));
  }

  static void containers(KubeObject o, String pointer, boolean init, List<Container> out) {
    JsonNode list = o.node().at(pointer);
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String cp = pointer + "/" + i;
      List<Container.ContainerPort> ports = new ArrayList<>();
      JsonNode ps = c.path("ports");
      for (int j = 0; j < ps.size(); j++) {
        JsonNode p = ps.get(j);
        ports.add(new Container.ContainerPort(text(p.get("name")), integer(p.get("containerPort"), 0),
            text(p.get("protocol")), integer(p.get("hostPort"), 0), o.ref(cp + "/ports/" + j)));
      }
      List<Container.Arg> args = new ArrayList<>();
      for (String field : List.of("command", "args")) {
        JsonNode words = c.path(field);
        for (int k = 0; k < words.size(); k++) {
          if (words.get(k).isValueNode()) {
            args.add(new Container.Arg(words.get(k).asText(), o.ref(cp + "/" + field + "/" + k)));
          }
        }
      }
      out.add(new Container(text(c.get("name")), text(c.get("image")), init, ports, o.ref(cp), args));
    }
  }

  private static void statuses(KubeObject o, String pointer, boolean init, List<ContainerStatus> out) {
    JsonNode list = o.node().at(pointer);
    for (int i = 0; i < list.size(); i++) {
      JsonNode s = list.get(i);
      JsonNode state = s.path("state");
      String kind = state.has("running") ? "running" : state.has("waiting") ? "waiting"
          : state.has("terminated") ? "terminated" : "";
      JsonNode detail = kind.isEmpty() ? state : state.path(kind);
      JsonNode last = s.path("lastState").path("terminated");
      out.add(new ContainerStatus(text(s.get("name")), init, bool(s.get("ready")), integer(s.get("restartCount"), 0),
          kind, text(detail.get("reason")), text(detail.get("message")), text(last.get("reason")),
          last.has("exitCode") ? integer(last.get("exitCode"), 0) : null, o.ref(pointer + "/" + i)));
    }
  }

  static List<Condition> conditions(KubeObject o, String pointer) {
    List<Condition> out = new ArrayList<>();
    JsonNode list = o.node().at(pointer);
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      out.add(new Condition(text(c.get("type")), text(c.get("status")), text(c.get("reason")),
          text(c.get("message")), o.ref(pointer + "/" + i)));
    }
    return out;
  }

  /** The STATUS column of {@code kubectl get pods}, following kubectl's printer in the cases that matter here. */
  static String displayStatus(JsonNode pod, String phase, List<ContainerStatus> statuses,
      List<Container> containers) {
    if (pod.path("metadata").has("deletionTimestamp")) return "Terminating";
    String reason = text(pod.path("status").get("reason"));
    String shown = reason.isEmpty() ? phase : reason;
    int inits = (int) containers.stream().filter(Container::init).count();
    int i = 0;
    for (ContainerStatus s : statuses) {
      if (!s.init()) continue;
      boolean done = "terminated".equals(s.state()) && "Completed".equals(s.reason());
      if (done) {
        i++;
        continue;
      }
      if ("waiting".equals(s.state()) && !s.reason().isEmpty() && !"PodInitializing".equals(s.reason())) {
        return "Init:" + s.reason();
      }
      if ("terminated".equals(s.state())) {
        return "Init:" + (s.reason().isEmpty() ? "Error" : s.reason());
      }
      return "Init:" + i + "/" + inits;
    }
    for (ContainerStatus s : statuses) {
      if (s.init()) continue;
      if ("waiting".equals(s.state()) && !s.reason().isEmpty()) shown = s.reason();
      else if ("terminated".equals(s.state()) && !s.reason().isEmpty()) shown = s.reason();
    }
    return shown.isEmpty() ? "Unknown" : shown;
  }
}
