package dev.packetwalk.model.node;

import dev.packetwalk.model.SourceRef;
import java.util.List;

/**
 * One IPVS virtual server: kube-proxy in IPVS mode makes one per Service port and address (ClusterIP, each node IP
 * for a NodePort, external and LoadBalancer IPs).
 *
 * @param protocol {@code TCP}, {@code UDP}, {@code SCTP}, or {@code FWM}
 * @param address the virtual IP, "" for FWM
 * @param persistentSeconds session affinity timeout, -1 without
 */
public record IpvsService(String protocol, String address, int port, String scheduler, int persistentSeconds,
    List<RealServer> realServers, SourceRef ref) {

  public IpvsService {
    address = address == null ? "" : address;
    scheduler = scheduler == null ? "" : scheduler;
    realServers = List.copyOf(realServers);
  }

  /** One backend; {@code weight} 0 means quiesced (kube-proxy sets it for terminating endpoints). */
  public record RealServer(String address, int port, String forward, int weight, long activeConn, long inactConn,
      SourceRef ref) {}
}
