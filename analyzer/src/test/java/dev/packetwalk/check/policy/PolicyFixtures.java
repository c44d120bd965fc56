package dev.packetwalk.check.policy;

import java.util.HashMap;
import java.util.Map;

/** A small shop cluster as kubectl prints it: app pods, CoreDNS, an ingress-nginx controller and an Ingress. */
final class PolicyFixtures {
  private PolicyFixtures() {}

  static final String NAMESPACES = """
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}}
      - {apiVersion: v1, kind: Namespace, metadata: {name: ingress-nginx}}
      - {apiVersion: v1, kind: Namespace, metadata: {name: kube-system}}
      """;

  static final String PODS = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Pod
        metadata:
          name: web-7d9f8c6b5-x2x4q
          namespace: shop
          labels: {app: web, pod-template-hash: 7d9f8c6b5}
        spec:
          nodeName: node-1
          containers:
          - name: web
            image: nginx:1.25
            ports: [{name: http, containerPort: 8080, protocol: TCP}]
        status: {phase: Running, podIP: 10.244.1.17, conditions: [{type: Ready, status: "True"}]}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: checkout-5c4d-zt8kq
          namespace: shop
          labels: {app: checkout}
        spec:
          nodeName: node-2
          containers:
          - {name: checkout, image: shop/checkout:1.4}
        status: {phase: Running, podIP: 10.244.2.9}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: coredns-76f75df574-8kq2n
          namespace: kube-system
          labels: {k8s-app: kube-dns}
        spec:
          nodeName: node-1
          containers:
          - name: coredns
            image: registry.k8s.io/coredns/coredns:v1.11.1
            ports:
            - {name: dns, containerPort: 53, protocol: UDP}
            - {name: dns-tcp, containerPort: 53, protocol: TCP}
        status: {phase: Running, podIP: 10.244.0.3}
      - apiVersion: v1
        kind: Pod
        metadata:
          name: ingress-nginx-controller-6b9d8d7f4-kq7zr
          namespace: ingress-nginx
          labels:
            app.kubernetes.io/name: ingress-nginx
            app.kubernetes.io/component: controller
        spec:
          nodeName: node-2
          containers:
          - name: controller
            image: registry.k8s.io/ingress-nginx/controller:v1.10.0
        status: {phase: Running, podIP: 10.244.2.30}
      """;

  static final String SERVICES = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Service
        metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
        spec:
          clusterIP: 10.96.0.10
          selector: {k8s-app: kube-dns}
          ports:
          - {name: dns, port: 53, protocol: UDP, targetPort: 53}
          - {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp}
      - apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          clusterIP: 10.96.14.2
          selector: {app: web}
          ports:
          - {name: http, port: 80, protocol: TCP, targetPort: http}
      """;

  static final String INGRESSES = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: shop, namespace: shop}
      spec:
        ingressClassName: nginx
        rules:
        - host: shop.example.com
          http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service: {name: web, port: {number: 80}}
      """;

  static Map<String, String> with(String policies) {
    Map<String, String> files = new HashMap<>();
    files.put("cluster/namespaces.json", NAMESPACES);
    files.put("cluster/pods.json", PODS);
    files.put("cluster/services.json", SERVICES);
    files.put("cluster/ingresses.json", INGRESSES);
    files.put("cluster/networkpolicies.json", policies);
    return files;
  }

  static final String NPFILE = "cluster/networkpolicies.json";
}
