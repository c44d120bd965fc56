package dev.packetwalk.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.NodePlan;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.PodPlan;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.Role;
import dev.packetwalk.bench.SyntheticClusterBundlePlan.ServicePlan;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code cluster/*.json} files of the synthetic cluster, each object cloned from the sample's object of the same
 * role (a node, a kube-proxy / CoreDNS / client / app pod, a ClusterIP / NodePort Service, its EndpointSlice and
 * Endpoints) with names, uids, addresses and selectors changed, and printed as {@code kubectl get -o json} prints:
 * a {@code List}, keys sorted, 4-space indent.
 */
final class SyntheticClusterBundleObjects {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectWriter KUBECTL = JSON.writer(printer("    "));
  private static final ObjectWriter CRICTL = JSON.writer(printer("  "));

  private final SyntheticClusterBundlePlan plan;
  private final SyntheticClusterBundleTemplate t;

  SyntheticClusterBundleObjects(SyntheticClusterBundlePlan plan, SyntheticClusterBundleTemplate template) {
    this.plan = plan;
    this.t = template;
  }

  /** Every {@code cluster/…} file, by bundle path. */
  Map<String, String> files() {
    Map<String, String> out = new TreeMap<>(t.copied());
    out.put("cluster/nodes.json", list(plan.nodes.stream().map(this::node).toList()));
    out.put("cluster/namespaces.json", list(namespaces()));
    out.put("cluster/pods.json", list(plan.pods.stream().map(this::pod).toList()));
    List<JsonNode> services = new ArrayList<>();
    List<JsonNode> slices = new ArrayList<>();
    List<JsonNode> endpoints = new ArrayList<>();
    services.add(t.item("cluster/services.json", "kubernetes"));
    services.add(t.item("cluster/services.json", "kube-dns"));
    slices.add(t.item("cluster/endpointslices.json", "kubernetes"));
    slices.add(slice(t.item("cluster/endpointslices.json", "kube-dns-"), "kube-dns-" + plan.suffix("kube-dns"),
        plan.dns));
    endpoints.add(t.item("cluster/endpoints.json", "kubernetes"));
    endpoints.add(endpoints(t.item("cluster/endpoints.json", "kube-dns"), plan.dns));
    for (ServicePlan s : plan.services) {
      services.add(service(s));
      ObjectNode es = t.item("cluster/endpointslices.json", "web-").deepCopy();
      retarget(es, s);
      slices.add(slice(es, s.name() + "-" + plan.suffix("slice/" + s.name()), s.endpoints()));
      ObjectNode ep = t.item("cluster/endpoints.json", "web").deepCopy();
      retarget(ep, s);
      endpoints.add(endpoints(ep, s.endpoints()));
    }
    out.put("cluster/services.json", list(services));
    out.put("cluster/endpointslices.json", list(slices));
    out.put("cluster/endpoints.json", list(endpoints));
    out.put("cluster/kube-system/daemonsets.json", kubeProxyDaemonSet());
    out.put("cluster/kube-system/deployments.json", corednsDeployment());
    return out;
  }

  private ObjectNode node(NodePlan n) {
    ObjectNode o = (ObjectNode) t.item("cluster/nodes.json", "worker-1");
    ObjectNode meta = (ObjectNode) o.get("metadata");
    meta.put("name", n.name()).put("uid", plan.uuid("node/" + n.name()));
    ((ObjectNode) meta.get("labels")).put("kubernetes.io/hostname", n.name());
    ObjectNode spec = (ObjectNode) o.get("spec");
    spec.put("podCIDR", n.cidr());
    spec.set("podCIDRs", F.arrayNode().add(n.cidr()));
    ArrayNode addrs = F.arrayNode();
    addrs.addObject().put("address", n.ip()).put("type", "InternalIP");
    addrs.addObject().put("address", n.name()).put("type", "Hostname");
    ObjectNode status = (ObjectNode) o.get("status");
    status.set("addresses", addrs);
    ((ObjectNode) status.get("nodeInfo")).put("bootID", plan.uuid("boot/" + n.name()))
        .put("machineID", plan.hash("machine/" + n.name()).substring(0, 32))
        .put("systemUUID", plan.uuid("system/" + n.name()));
    return o;
  }

  private List<JsonNode> namespaces() {
    List<JsonNode> out = new ArrayList<>();
    ObjectNode tmpl = null;
    for (JsonNode ns : t.json("cluster/namespaces.json").path("items")) {
      if (ns.path("metadata").path("name").asText().equals("shop")) {
        tmpl = ns.deepCopy();
      } else {
        out.add(ns);
      }
    }
    for (int i = 0; i < SyntheticClusterBundlePlan.NAMESPACES; i++) {
      String name = String.format("team-%02d", i);
      ObjectNode ns = tmpl.deepCopy();
      ((ObjectNode) ns.get("metadata")).put("name", name).put("uid", plan.uuid("ns/" + name));
      ((ObjectNode) ns.at("/metadata/labels")).put("kubernetes.io/metadata.name", name);
      out.add(ns);
    }
    return out;
  }

  private ObjectNode pod(PodPlan p) {
    String prefix = switch (p.role()) {
      case PROXY -> "kube-proxy-";
      case DNS -> "coredns-";
      case CLIENT -> "client-";
      case ENDPOINT -> "web-";
    };
    ObjectNode o = (ObjectNode) t.item("cluster/pods.json", prefix);
    ObjectNode meta = (ObjectNode) o.get("metadata");
    meta.put("name", p.name()).put("namespace", p.namespace()).put("uid", p.uid());
    ObjectNode labels = (ObjectNode) meta.get("labels");
    if (p.role() != Role.PROXY) {
      labels.put(p.role() == Role.DNS ? "k8s-app" : "app", p.app()).put("pod-template-hash", p.templateHash());
      ((ObjectNode) meta.at("/ownerReferences/0")).put("name", deployment(p) + "-" + p.templateHash())
          .put("uid", plan.uuid("rs/" + p.namespace() + "/" + deployment(p)));
    }
    ((ObjectNode) o.get("spec")).put("nodeName", p.node().name());
    ObjectNode status = (ObjectNode) o.get("status");
    status.put("hostIP", p.node().ip()).put("podIP", p.ip());
    status.set("hostIPs", F.arrayNode().add(F.objectNode().put("ip", p.node().ip())));
    status.set("podIPs", F.arrayNode().add(F.objectNode().put("ip", p.ip())));
    for (JsonNode c : status.path("containerStatuses")) {
      ((ObjectNode) c).put("containerID", "containerd://" + plan.hash("ctr/" + p.namespace() + "/" + p.name()));
    }
    return o;
  }

  private static String deployment(PodPlan p) {
    return p.role() == Role.DNS ? "coredns" : p.role() == Role.CLIENT ? "client" : p.app();
  }

  private ObjectNode service(ServicePlan s) {
    ObjectNode o = (ObjectNode) t.item("cluster/services.json", s.nodePort() == 0 ? "web" : "api");
    retarget(o, s);
    ObjectNode spec = (ObjectNode) o.get("spec");
    spec.put("clusterIP", s.clusterIp());
    spec.set("clusterIPs", F.arrayNode().add(s.clusterIp()));
    ((ObjectNode) spec.get("selector")).put("app", s.name());
    if (s.nodePort() != 0) ((ObjectNode) spec.at("/ports/0")).put("nodePort", s.nodePort());
    return o;
  }

  /** Points a copied Service-owned object at {@code s}: name, namespace, uid, {@code app} label, owner. */
  private void retarget(ObjectNode o, ServicePlan s) {
    ObjectNode meta = (ObjectNode) o.get("metadata");
    String kind = o.path("kind").asText();
    meta.put("name", s.name()).put("namespace", s.namespace()).put("uid", kind.equals("Service") ? s.uid()
        : plan.uuid(kind + "/" + s.namespace() + "/" + s.name()));
    ObjectNode labels = (ObjectNode) meta.get("labels");
    labels.put("app", s.name());
    if (labels.has("kubernetes.io/service-name")) labels.put("kubernetes.io/service-name", s.name());
    if (meta.has("generateName")) meta.put("generateName", s.name() + "-");
    if (meta.has("ownerReferences")) {
      ((ObjectNode) meta.at("/ownerReferences/0")).put("name", s.name()).put("uid", s.uid());
    }
  }

  private ObjectNode slice(JsonNode template, String name, List<PodPlan> pods) {
    ObjectNode o = template.deepCopy();
    ((ObjectNode) o.get("metadata")).put("name", name);
    ObjectNode first = (ObjectNode) o.at("/endpoints/0");
    ArrayNode eps = F.arrayNode();
    for (PodPlan p : pods) {
      ObjectNode e = first.deepCopy();
      e.set("addresses", F.arrayNode().add(p.ip()));
      e.put("nodeName", p.node().name());
      targetRef((ObjectNode) e.get("targetRef"), p);
      eps.add(e);
    }
    o.set("endpoints", eps);
    return o;
  }

  private ObjectNode endpoints(JsonNode template, List<PodPlan> pods) {
    ObjectNode o = template.deepCopy();
    ObjectNode subset = (ObjectNode) o.at("/subsets/0");
    ObjectNode first = (ObjectNode) subset.at("/addresses/0");
    ArrayNode addrs = F.arrayNode();
    for (PodPlan p : pods) {
      ObjectNode a = first.deepCopy();
      a.put("ip", p.ip()).put("nodeName", p.node().name());
      targetRef((ObjectNode) a.get("targetRef"), p);
      addrs.add(a);
    }
    subset.set("addresses", addrs);
    return o;
  }

  private static void targetRef(ObjectNode ref, PodPlan p) {
    ref.put("name", p.name()).put("namespace", p.namespace()).put("uid", p.uid());
  }

  private String kubeProxyDaemonSet() {
    ObjectNode list = (ObjectNode) t.json("cluster/kube-system/daemonsets.json");
    ObjectNode status = (ObjectNode) list.at("/items/0/status");
    for (String f : List.of("currentNumberScheduled", "desiredNumberScheduled", "numberAvailable", "numberReady",
        "updatedNumberScheduled")) {
      status.put(f, plan.nodes.size());
    }
    return write(KUBECTL, list);
  }

  private String corednsDeployment() {
    ObjectNode list = (ObjectNode) t.json("cluster/kube-system/deployments.json");
    ((ObjectNode) list.at("/items/0/spec")).put("replicas", plan.dns.size());
    ObjectNode status = (ObjectNode) list.at("/items/0/status");
    for (String f : List.of("availableReplicas", "readyReplicas", "replicas", "updatedReplicas")) {
      status.put(f, plan.dns.size());
    }
    return write(KUBECTL, list);
  }

  /** {@code crictl pods -o json} on a node: one sandbox per pod (not hostNetwork), in crictl's field order. */
  static String crictl(List<PodPlan> pods) {
    ArrayNode items = F.arrayNode();
    for (PodPlan p : pods) {
      ObjectNode i = items.addObject();
      i.put("id", p.sandbox());
      i.putObject("metadata").put("name", p.name()).put("uid", p.uid()).put("namespace", p.namespace())
          .put("attempt", 0);
      i.put("state", "SANDBOX_READY").put("createdAt", "1763647330000000000");
      ObjectNode labels = i.putObject("labels");
      labels.put(p.role() == Role.DNS ? "k8s-app" : "app", p.app()).put("pod-template-hash", p.templateHash())
          .put("io.kubernetes.pod.name", p.name()).put("io.kubernetes.pod.namespace", p.namespace());
      i.putObject("annotations");
      i.put("runtimeHandler", "");
    }
    ObjectNode root = F.objectNode();
    root.set("items", items);
    return write(CRICTL, root);
  }

  private static String list(List<? extends JsonNode> items) {
    ObjectNode root = F.objectNode();
    root.put("apiVersion", "v1");
    root.set("items", F.arrayNode().addAll(items));
    root.put("kind", "List");
    root.putObject("metadata").put("resourceVersion", "");
    return write(KUBECTL, root);
  }

  private static String write(ObjectWriter w, JsonNode n) {
    try {
      return w.writeValueAsString(w == KUBECTL ? sorted(n) : n) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** kubectl prints objects through Go maps: every object's keys sorted. */
  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = F.objectNode();
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
      names.sort(null);
      for (String k : names) o.set(k, sorted(n.get(k)));
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = F.arrayNode();
      for (JsonNode e : n) a.add(sorted(e));
      return a;
    }
    return n;
  }

  private static DefaultPrettyPrinter printer(String indent) {
    DefaultPrettyPrinter p = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
        .withArrayEmptySeparator(""));
    DefaultIndenter in = new DefaultIndenter(indent, "\n");
    return p.withObjectIndenter(in).withArrayIndenter(in);
  }
}
