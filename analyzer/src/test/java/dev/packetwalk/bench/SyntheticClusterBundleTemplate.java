package dev.packetwalk.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.packetwalk.bundle.Bundle;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.BundleReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real-kernel sample bundle ({@code samples/real-kernel/healthy.tar.gz}, made by the real collector on a real
 * kernel) read as the template of everything whose exact shape matters: the Kubernetes objects kubectl printed, the
 * {@code sysctl -a} of a node, the kubelet and kube-proxy configs, and the manifest's {@code skipped} entries. The
 * generator copies these and changes only names, addresses and counts, so field order, defaults and quirks stay real.
 */
final class SyntheticClusterBundleTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VETH_KEY = Pattern.compile("^net\\.ipv[46]\\.(conf|neigh)\\.(veth[0-9a-f]+)\\.");
  private static final String NODE = "nodes/worker-2/";

  private final Bundle bundle;

  SyntheticClusterBundleTemplate(Path sample) {
    this.bundle = new BundleReader(BundleLimits.DEFAULT).read(List.of(sample));
    if (!bundle.has("cluster/pods.json") || !bundle.has(NODE + "kernel/sysctl.txt")) {
      throw new IllegalArgumentException(sample + " is not the real-kernel healthy sample bundle");
    }
  }

  /** A sample file's text: {@code kube-proxy.conf}, {@code kubelet.yaml}, or a bundle path. */
  String text(String name) {
    String path = switch (name) {
      case "kube-proxy.conf" -> NODE + "files/var/lib/kube-proxy/config.conf";
      case "kubelet.yaml" -> NODE + "kubelet/config.yaml";
      default -> name;
    };
    return bundle.text(path).orElseThrow(() -> new IllegalStateException("the sample lacks " + path));
  }

  JsonNode json(String path) {
    try {
      return JSON.readTree(text(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code items[]} element of a List file whose {@code metadata.name} starts with {@code prefix}. */
  JsonNode item(String path, String prefix) {
    for (JsonNode i : json(path).path("items")) {
      if (i.path("metadata").path("name").asText().startsWith(prefix)) return i.deepCopy();
    }
    throw new IllegalStateException("the sample's " + path + " has no " + prefix + "*");
  }

  /** The sample manifest's {@code skipped} entries that are not about a node. */
  List<JsonNode> clusterSkipped() {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : json("manifest.json").path("skipped")) {
      if (!s.path("path").asText().startsWith("nodes/")) out.add(s);
    }
    return out;
  }

  /** The sample node's {@code skipped} entries, for another node name. */
  List<JsonNode> nodeSkipped(String node) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode s : json("manifest.json").path("skipped")) {
      if (!s.path("path").asText().startsWith(NODE)) continue;
      com.fasterxml.jackson.databind.node.ObjectNode c = s.deepCopy();
      c.put("path", s.path("path").asText().replace(NODE, "nodes/" + node + "/"));
      out.add(c);
    }
    return out;
  }

  /**
   * {@code sysctl -a} of a node whose host veths are {@code veths}: the sample's keys, its per-veth blocks replaced by
   * one block per veth (cloned from the sample's first veth), sorted by key as sysctl prints them.
   */
  String sysctl(String hostname, List<String> veths) {
    List<String> keep = new ArrayList<>();
    String proto = null;
    List<String> block = new ArrayList<>();
    for (String line : text(NODE + "kernel/sysctl.txt").split("\n")) {
      Matcher m = VETH_KEY.matcher(line);
      if (!m.find()) {
        keep.add(line.startsWith("kernel.hostname = ") ? "kernel.hostname = " + hostname : line);
        continue;
      }
      if (proto == null) proto = m.group(2);
      if (m.group(2).equals(proto)) block.add(line);
    }
    for (String veth : veths) {
      for (String line : block) keep.add(line.replace("." + proto + ".", "." + veth + "."));
    }
    keep.sort(Comparator.comparing(l -> l.substring(0, Math.max(0, l.indexOf(" = ")))));
    return String.join("\n", keep) + "\n";
  }

  /** Bundle files copied as they are (version, api-resources, empty lists, kube-system objects). */
  Map<String, String> copied() {
    Map<String, String> m = new java.util.TreeMap<>();
    for (String p : List.of("cluster/version.json", "cluster/api-resources.txt", "cluster/ingresses.json",
        "cluster/ingressclasses.json", "cluster/networkpolicies.json", "cluster/events.json",
        "cluster/kube-system/configmaps.json", "cluster/kube-system/deployments.json")) {
      m.put(p, text(p));
    }
    return m;
  }
}
