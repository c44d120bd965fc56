package dev.packetwalk.build.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.model.SourceRef;
import dev.packetwalk.model.node.CniState;
import dev.packetwalk.parse.node.CniConfigParser.CniConfig;
import dev.packetwalk.parse.node.CniConfigParser.CniPlugin;
import dev.packetwalk.parse.node.FlannelSubnetEnvParser.FlannelSubnetEnv;
import dev.packetwalk.parse.node.IpamDirParser.Reservation;
import java.util.ArrayList;
import java.util.List;

/** CNI configs, host-local IPAM files and flannel's subnet.env. */
final class CniConverter {
  private CniConverter() {}

  /**
   * One config. flannel's plugin delegates to another (the bridge plugin unless told otherwise), which is where the
   * bridge and hairpin settings live.
   */
  static CniState.CniConf conf(String file, CniConfig c) {
    List<String> types = new ArrayList<>();
    String bridge = "";
    Boolean hairpin = null;
    List<String> subnets = new ArrayList<>();
    for (CniPlugin p : c.plugins()) {
      types.add(p.type());
      if (p.bridge() != null) bridge = p.bridge();
      if (p.hairpinMode() != null) hairpin = p.hairpinMode();
      if (p.ipamSubnet() != null) subnets.add(p.ipamSubnet());
      subnets.addAll(p.ipamRanges());
      if ("flannel".equals(p.type())) {
        JsonNode d = p.delegate();
        String delegateType = d == null ? "bridge" : d.path("type").asText("bridge");
        types.add(delegateType);
        if (delegateType.equals("bridge")) bridge = d == null ? "cni0" : d.path("bridge").asText("cni0");
        if (d != null && d.has("hairpinMode")) hairpin = d.get("hairpinMode").asBoolean();
      } else if ("bridge".equals(p.type()) && p.bridge() == null) {
        bridge = "cni0"; // the bridge plugin's default name
      }
    }
    return new CniState.CniConf(file, c.name(), types, bridge, hairpin, subnets, SourceRef.line(file, 1));
  }

  /** One host-local reservation; an id-only file (older host-local) has no interface name. */
  static CniState.IpamAllocation allocation(String network, Reservation r) {
    return new CniState.IpamAllocation(network, r.ip(), r.containerId(), r.ifname() == null ? "" : r.ifname(),
        SourceRef.line(r.file(), 1));
  }

  static CniState.FlannelLease flannel(String file, String text, FlannelSubnetEnv env) {
    int line = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length && line == 0; i++) if (lines[i].startsWith("FLANNEL_SUBNET=")) line = i + 1;
    return new CniState.FlannelLease(env.network(), env.subnet(), env.mtu() == null ? 0 : env.mtu(), env.ipMasq(),
        SourceRef.line(file, line));
  }
}
