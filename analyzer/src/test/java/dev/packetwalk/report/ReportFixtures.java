package dev.packetwalk.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.check.Check;
import dev.packetwalk.check.CheckContext;
import dev.packetwalk.check.CheckInfo;
import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Layer;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.model.cluster.ContainerLog;
import dev.packetwalk.model.cluster.Node;
import dev.packetwalk.model.cluster.Pod;
import dev.packetwalk.model.cluster.Service;
import dev.packetwalk.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small cluster bundle whose object names, labels, event messages and log lines carry hostile text, and test-only
 * checks that turn it into findings of every severity and layer, so that every part of the report has content.
 */
final class ReportFixtures {
  private ReportFixtures() {}

  /** Everything an HTML, Markdown or terminal renderer must neutralise. */
  static final String HOSTILE = "<script>alert(1)</script> \"quotes\" 'single' &amp; </style>";
  static final String HOSTILE_POD = "<script>alert(1)</script>";

  private static final ObjectMapper JSON = new ObjectMapper();

  static String q(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> files() {
    return files(HOSTILE, HOSTILE_POD);
  }

  /**
   * The same bundle with {@code text} where the hostile text stands and {@code pod} as the third pod's name; with
   * ordinary values it is the showcase used for the README screenshot.
   */
  static Map<String, String> files(String text, String pod) {
    Map<String, String> f = new TreeMap<>();
    f.put("cluster/version.json", """
        {"serverVersion": {"gitVersion": "v1.29.4"}}
        """);
    f.put("cluster/nodes.json", """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"kind": "Node", "metadata": {"name": "node-a", "labels": {"node-role.kubernetes.io/control-plane": ""}},
           "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
           "status": {"addresses": [{"type": "InternalIP", "address": "192.168.10.11"}],
             "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}],
             "nodeInfo": {"kubeletVersion": "v1.29.4", "osImage": "Ubuntu 22.04.4 LTS",
               "kernelVersion": "5.15.0-105-generic", "containerRuntimeVersion": "containerd://1.7.13"}}},
          {"kind": "Node", "metadata": {"name": "node-b", "labels": {"evil": %s}},
           "spec": {"podCIDR": "10.244.1.0/24"},
           "status": {"addresses": [{"type": "InternalIP", "address": "192.168.10.12"}],
             "conditions": [{"type": "Ready", "status": "False", "reason": "KubeletNotReady",
               "message": "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady"}],
             "nodeInfo": {"kubeletVersion": "v1.29.4", "osImage": "Ubuntu 22.04.4 LTS",
               "kernelVersion": "5.15.0-105-generic", "containerRuntimeVersion": "containerd://1.7.13"}}}
        ]}
        """.formatted(q(text)));
    f.put("cluster/pods.json", """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"kind": "Pod", "metadata": {"name": "coredns-5d78c9869d-abcde", "namespace": "kube-system",
             "labels": {"k8s-app": "kube-dns"}},
           "spec": {"nodeName": "node-a", "containers": [{"name": "coredns"}]},
           "status": {"phase": "Running", "podIP": "10.244.0.5", "podIPs": [{"ip": "10.244.0.5"}],
             "conditions": [{"type": "Ready", "status": "True"}],
             "containerStatuses": [{"name": "coredns", "ready": true, "restartCount": 0, "state": {"running": {}}}]}},
          {"kind": "Pod", "metadata": {"name": "web-7f9c6d5b8-x2x9q", "namespace": "shop", "labels": {"app": "web"}},
           "spec": {"nodeName": "node-b", "containers": [{"name": "web"}]},
           "status": {"phase": "Running", "podIP": "10.244.1.7", "podIPs": [{"ip": "10.244.1.7"}],
             "conditions": [{"type": "Ready", "status": "False"}],
             "containerStatuses": [{"name": "web", "ready": false, "restartCount": 14,
               "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}},
          {"kind": "Pod", "metadata": {"name": %s, "namespace": "shop", "labels": {"app": %s}},
           "spec": {"nodeName": "node-a", "containers": [{"name": "evil"}]},
           "status": {"phase": "Running", "podIP": "10.244.0.9",
             "conditions": [{"type": "Ready", "status": "True"}],
             "containerStatuses": [{"name": "evil", "ready": true, "restartCount": 1, "state": {"running": {}}}]}}
        ]}
        """.formatted(q(pod), q(text)));
    f.put("cluster/services.json", """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"type": "ClusterIP", "clusterIP": "10.96.12.34", "selector": {"app": "web"},
             "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}},
          {"kind": "Service", "metadata": {"name": "shop-lb", "namespace": "shop"},
           "spec": {"type": "LoadBalancer", "clusterIP": "10.96.40.2", "selector": {"app": %s},
             "ports": [{"port": 443, "nodePort": 31443, "protocol": "TCP"}]}},
          {"kind": "Service", "metadata": {"name": "kube-dns", "namespace": "kube-system"},
           "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "selector": {"k8s-app": "kube-dns"},
             "ports": [{"name": "dns", "port": 53, "protocol": "UDP"}, {"name": "dns-tcp", "port": 53}]}}
        ]}
        """.formatted(q(text)));
    f.put("cluster/ingresses.json", """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"kind": "Ingress", "apiVersion": "networking.k8s.io/v1",
           "metadata": {"name": "shop", "namespace": "shop"},
           "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["shop.example.test"]}],
             "rules": [{"host": "shop.example.test", "http": {"paths": [{"path": "/", "pathType": "Prefix",
               "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]},
           "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}}
        ]}
        """);
    f.put("cluster/networkpolicies.json", """
        {"apiVersion": "v1", "kind": "List", "items": []}
        """);
    f.put("cluster/events.json", """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"kind": "Event", "metadata": {"name": "web.1", "namespace": "shop"}, "type": "Warning",
           "reason": "BackOff", "message": %s,
           "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-7f9c6d5b8-x2x9q"}}
        ]}
        """.formatted(q(text)));
    f.put("cluster/endpoints.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n  {broken\n");
    f.put("logs/kube-system/coredns-5d78c9869d-abcde/coredns.log", """
        [INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5
        [ERROR] plugin/errors: 2 shop.example.test. A: read udp 10.244.0.5:51234->10.96.0.10:53: i/o timeout
        [ERROR] %s
        """.formatted(text));
    f.put("nodes/node-a/iptables-save.txt", "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
    StringBuilder listed = new StringBuilder();
    for (String path : f.keySet()) {
      listed.append(listed.length() == 0 ? "" : ",\n").append("    {\"path\": ").append(q(path))
          .append(", \"sha256\": \"\", \"size\": 0}");
    }
    f.put("manifest.json", """
        {"formatVersion": 1,
         "collector": {"name": "packetwalk-collect", "version": "0.1.0"},
         "cluster": {"context": %s, "server": "https://10.0.0.1:6443"},
         "startTime": "2024-05-01T10:00:00Z", "endTime": "2024-05-01T10:03:27Z",
         "options": {"logs": "network", "since": "2h"},
         "files": [
        %s
         ],
         "skipped": [{"path": "cluster/endpointslices.json", "command": "kubectl get endpointslices -A -o json",
           "reason": "FORBIDDEN", "detail": "endpointslices.discovery.k8s.io is forbidden"}]}
        """.formatted(q(text.equals(HOSTILE) ? "prod-eu-1 " + HOSTILE : "prod-eu-1"), listed));
    return f;
  }

  static AnalysisResult result() {
    return Fixtures.analyze(checks(HOSTILE, HOSTILE_POD), files());
  }

  /** A realistic report without hostile text, for screenshots a reader can judge. */
  static AnalysisResult showcase() {
    String text = "upstream 10.0.0.2:53 did not answer";
    String pod = "checkout-6b8d9c7f5-q7rkw";
    return Fixtures.analyze(checks(text, pod), files(text, pod));
  }

  /** The findings fixture plus checks that pass, cannot decide, and fail. */
  static List<Check> checks(String text, String pod) {
    return List.of(new SampleCheck(text, pod), new PassingCheck(), new UndecidedCheck(text), new BrokenCheck(text));
  }

  /** One finding of every severity, one in every layer, with evidence from files, pointers and logs. */
  static final class SampleCheck implements Check {
    private final String text;
    private final String pod;

    SampleCheck(String text, String pod) {
      this.text = text;
      this.pod = pod;
    }

    @Override
    public CheckInfo info() {
      return new CheckInfo("sample-findings", text.equals(HOSTILE) ? "Sample findings " + HOSTILE
          : "Node, Service and DNS health", Severity.WARNING, Layer.KUBERNETES,
          "Emits one finding per severity for report tests.");
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
      List<Finding> out = new ArrayList<>();
      Node b = ctx.cluster().node("node-b").orElseThrow();
      out.add(ctx.finding(Subject.node("node-b"), "Node node-b is NotReady: the CNI plugin is not ready")
          .severity(Severity.CRITICAL).layer(Layer.INFRASTRUCTURE)
          .explain("The kubelet on node-b reports NetworkReady=false. Pods scheduled there get no network, and "
              + "Services lose the endpoints on it.")
          .evidence(ctx.evidence(b.condition("Ready").orElseThrow().ref(), "Ready condition is False"))
          .remedy("Check the CNI daemon on node-b (its pod and log) and /etc/cni/net.d on the node.").build());
      Service web = ctx.cluster().service("shop", "web").orElseThrow();
      Pod webPod = ctx.cluster().pod("shop", "web-7f9c6d5b8-x2x9q").orElseThrow();
      out.add(ctx.finding(Subject.of("Service", "shop", "web"), "Service shop/web has no ready endpoints")
          .severity(Severity.ERROR).layer(Layer.KUBERNETES)
          .explain("Its selector app=web matches one pod, which is not ready (CrashLoopBackOff), so connections "
              + "to 10.96.12.34:80 are refused.")
          .evidence(ctx.evidence(web.meta().ref(), "the Service"))
          .evidence(ctx.evidence(webPod.meta().ref(), "the only selected pod, not ready"))
          .remedy("Fix the crashing container first: kubectl -n shop logs web-7f9c6d5b8-x2x9q --previous").build());
      Pod evil = ctx.cluster().pod("shop", pod).orElseThrow();
      ContainerLog log = ctx.cluster().logs().get(0);
      out.add(ctx.finding(Subject.of("Pod", "shop", pod).onNode("node-a"),
              "DNS lookups from " + pod + " time out")
          .severity(Severity.WARNING).layer(Layer.CNI)
          .explain("CoreDNS logged i/o timeouts talking to upstream; " + text)
          .evidence(ctx.logLine(log, 2, "CoreDNS upstream timeout"))
          .evidence(ctx.logLine(log, 3, "a log line with markup in it: " + text))
          .evidence(ctx.evidence(evil.meta().ref(), text))
          .remedy("Compare with " + text).build());
      out.add(ctx.finding(Subject.of("Ingress", "shop", "shop"), "Ingress shop/shop has TLS for one host")
          .severity(Severity.INFO).layer(Layer.ADDONS)
          .explain("Informational: the ingress terminates TLS for shop.example.test.")
          .evidence(ctx.evidence(ctx.cluster().ingresses().get(0).meta().ref()))
          .remedy("").build());
      return out;
    }
  }

  static final class PassingCheck implements Check {
    @Override
    public CheckInfo info() {
      return new CheckInfo("dns-service-present", "kube-dns Service exists", Severity.ERROR, Layer.KUBERNETES,
          "The cluster DNS Service exists and has a ClusterIP.");
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
      return List.of();
    }
  }

  static final class UndecidedCheck implements Check {
    private final String text;

    UndecidedCheck(String text) {
      this.text = text;
    }

    @Override
    public CheckInfo info() {
      return new CheckInfo("endpointslice-mirroring", "EndpointSlices match Endpoints", Severity.WARNING, Layer.CNI,
          "EndpointSlices and Endpoints agree.");
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
      ctx.require(dev.packetwalk.model.cluster.Cluster.Kind.ENDPOINT_SLICES);
      if (text.equals(HOSTILE)) ctx.insufficient("reason quoting the bundle: " + HOSTILE);
      return List.of();
    }
  }

  static final class BrokenCheck implements Check {
    private final String text;

    BrokenCheck(String text) {
      this.text = text;
    }

    @Override
    public CheckInfo info() {
      return new CheckInfo("broken-check", "A check with a bug", Severity.ERROR, Layer.ADDONS, "Always throws.");
    }

    @Override
    public List<Finding> run(CheckContext ctx) {
      throw new IllegalStateException(text.equals(HOSTILE) ? "boom " + HOSTILE : "index out of range");
    }
  }

  /** {@code n} findings, for the length limits of the short renderers. */
  static AnalysisResult manyFindings(int n) {
    Check many = new Check() {
      @Override
      public CheckInfo info() {
        return new CheckInfo("many", "Many findings", Severity.WARNING, Layer.CNI, "Lots.");
      }

      @Override
      public List<Finding> run(CheckContext ctx) {
        List<Finding> out = new ArrayList<>();
        Severity[] sev = Severity.values();
        for (int i = 0; i < n; i++) {
          out.add(ctx.finding(Subject.of("Pod", "ns", String.format("pod-%03d", i)), "Finding number " + i
                  + "\nwith a second line | and a pipe " + HOSTILE)
              .severity(sev[i % sev.length])
              .evidence(ctx.evidence(ctx.cluster().pods().get(0).meta().ref(), "note")).build());
        }
        return out;
      }
    };
    return Fixtures.analyze(List.of(many), files());
  }
}
