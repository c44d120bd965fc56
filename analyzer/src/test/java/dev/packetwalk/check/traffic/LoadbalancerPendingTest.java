package dev.packetwalk.check.traffic;

import static dev.packetwalk.testing.FindingAsserts.cites;
import static dev.packetwalk.testing.FindingAsserts.one;
import static dev.packetwalk.testing.FindingAsserts.passed;
import static dev.packetwalk.testing.FindingAsserts.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.packetwalk.check.Finding;
import dev.packetwalk.check.Severity;
import dev.packetwalk.check.Subject;
import dev.packetwalk.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadbalancerPendingTest {
  static final String PENDING = """
      apiVersion: v1
      kind: Service
      metadata: {name: shop-lb, namespace: shop}
      spec:
        selector: {app: web}
        type: LoadBalancer
        ports: [{port: 443, targetPort: 8443, nodePort: 31443}]
      status: {loadBalancer: {}}
      """;
  static final String EVENTS = """
      apiVersion: v1
      kind: Event
      metadata: {name: shop-lb.1, namespace: shop}
      involvedObject: {kind: Service, namespace: shop, name: shop-lb}
      type: Normal
      reason: EnsuringLoadBalancer
      message: Ensuring load balancer
      count: 14
      ---
      apiVersion: v1
      kind: Event
      metadata: {name: shop-lb.2, namespace: shop}
      involvedObject: {kind: Service, namespace: shop, name: shop-lb}
      type: Warning
      reason: SyncLoadBalancerFailed
      message: "Error syncing load balancer: failed to ensure load balancer: quota exceeded for resource 'forwarding rules'"
      count: 14
      """;

  @Test
  void failedSyncIsAnErrorWithTheEventReason() {
    Finding f = one(Fixtures.run(new LoadbalancerPending(), Map.of("cluster/services.json", PENDING,
        "cluster/events.json", EVENTS)), "loadbalancer-pending");
    assertEquals(Severity.ERROR, f.severity());
    assertEquals(Subject.of("Service", "shop", "shop-lb"), f.subject());
    cites(f, "cluster/services.json:6", "LoadBalancer");
    cites(f, "cluster/events.json:10");
    says(f, "EXTERNAL-IP <pending>", "443->31443", "SyncLoadBalancerFailed", "quota exceeded");
  }

  @Test
  void noEventAtAllMeansNoProvider() {
    Finding f = one(Fixtures.run(new LoadbalancerPending(), Map.of("cluster/services.json", PENDING,
        "cluster/events.json", "{\"kind\": \"EventList\", \"items\": []}")), "loadbalancer-pending");
    assertEquals(Severity.WARNING, f.severity());
    says(f, "nothing in the cluster", "bare metal");
  }

  @Test
  void anAssignedAddressPasses() {
    passed(Fixtures.run(new LoadbalancerPending(), Map.of("cluster/services.json",
        PENDING.replace("status: {loadBalancer: {}}", "status: {loadBalancer: {ingress: [{ip: 172.18.30.100}]}}"))));
  }
}
