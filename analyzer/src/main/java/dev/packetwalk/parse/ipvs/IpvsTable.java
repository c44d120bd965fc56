package dev.packetwalk.parse.ipvs;

import dev.packetwalk.parse.ParseWarning;
import java.util.List;
import java.util.Optional;

/**
 * The IPVS virtual-server table from one file.
 *
 * @param version IPVS version from the {@code IP Virtual Server version 1.2.1 (size=4096)} header, or null
 * @param connTableSize the {@code size=} of that header, or -1
 * @param services virtual services in file order
 */
public record IpvsTable(String file, String version, int connTableSize, List<VirtualService> services,
    List<ParseWarning> warnings) {

  public IpvsTable {
    services = List.copyOf(services);
    warnings = List.copyOf(warnings);
  }

  /** The service for {@code TCP 10.0.0.1:443}-style protocol, address and port. */
  public Optional<VirtualService> service(String protocol, String address, int port) {
    return services.stream().filter(s -> s.protocol().equals(protocol) && address.equals(s.address())
        && s.port() == port).findFirst();
  }

  /**
   * @param protocol {@code TCP}, {@code UDP}, {@code SCTP}, or {@code FWM} for firewall-mark services
   * @param address virtual IP (IPv6 without brackets), null for FWM
   * @param port virtual port, 0 for FWM
   * @param fwmark firewall mark of an FWM service, else -1
   * @param scheduler {@code rr}, {@code wrr}, {@code lc}, ...
   * @param flags scheduler flags and other words after the scheduler that are not persistence
   * @param persistentSeconds {@code persistent N} (session affinity), or -1
   * @param persistenceMask {@code mask X} of a persistent service, or null
   * @param stats counters from {@code --stats}, or null
   */
  public record VirtualService(String protocol, String address, int port, long fwmark, String scheduler,
      List<String> flags, int persistentSeconds, String persistenceMask, List<RealServer> realServers, Stats stats,
      int line) {
    public VirtualService {
      flags = List.copyOf(flags);
      realServers = List.copyOf(realServers);
    }
  }

  /**
   * @param forward {@code Masq}, {@code Route}, {@code Tunnel}, {@code Local}
   * @param weight weight, or -1 when not shown (the {@code --stats} view)
   * @param activeConn active connections, or -1 when not shown
   * @param inactConn inactive connections, or -1 when not shown
   */
  public record RealServer(String address, int port, String forward, int weight, long activeConn, long inactConn,
      Stats stats, int line) {}

  /** {@code --stats} columns; values with K/M/G suffixes are expanded (and so approximate). */
  public record Stats(long conns, long inPackets, long outPackets, long inBytes, long outBytes) {}
}
