package dev.packetwalk.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.packetwalk.analysis.AnalysisResult;
import dev.packetwalk.analysis.Analyzer;
import dev.packetwalk.bundle.BundleLimits;
import dev.packetwalk.bundle.Coverage;
import dev.packetwalk.bundle.EvidenceSpec;
import dev.packetwalk.collector.CollectorRun.FakeApiServer;
import dev.packetwalk.collector.CollectorRun.Result;
import dev.packetwalk.parse.ParseWarning;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import dev.packetwalk.harness.Netns;
import dev.packetwalk.harness.Netns.Proc;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code collector-scripts/packetwalk-node} on a small "node" built from network namespaces: a node
 * namespace with a bridge {@code cni0}, a veth to a "pod" namespace running an HTTP server, kube-proxy-like
 * iptables rules loaded with {@code iptables-restore}, and live traffic to a service IP that the rules DNAT to the
 * pod (so conntrack has entries and counters move). Host files come from a fake host root ({@code --host-root}
 * with {@code --host-tools current}); crictl is a stand-in script that reports the pod namespace.
 *
 * <p>Needs root and {@code ip netns}; skips visibly otherwise. Every namespace, mount and process made here is
 * removed in {@link #tearDown()}, which JUnit runs even when the setup failed.
 */
class NodeCollectorTest {

  static final String SUFFIX = HexFormat.of().formatHex(SecureRandom.getSeed(3));
  // namespace plumbing and its cleanup are shared with the real-kernel harness
  static final Netns NETNS = new Netns();
  static final String NODE_NS = NETNS.prefix() + "-node";
  static final String POD_NS = NETNS.prefix() + "-pod";
  static final String SANDBOX = "5b1e0c0ffee" + SUFFIX;
  static final String POD_IP = "10.244.1.5";

  static final String RULES = """
      *nat
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-SVC-PWTEST - [0:0]
      -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
      -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/pw-test:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-PWTEST
      -A KUBE-SVC-PWTEST -p tcp -m comment --comment "default/pw-test:http -> 10.244.1.5:8080" -j DNAT --to-destination 10.244.1.5:8080
      COMMIT
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "pw-test replies" -j ACCEPT
      COMMIT
      """;

  static final String HTTP_SERVER = """
      import socket, sys
      s = socket.socket()
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      s.bind((sys.argv[1], 8080))
      s.listen(64)
      while True:
          c, _ = s.accept()
          c.recv(4096)
          c.sendall(b"HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok")
          c.close()
      """;

  static final String CONFLIST = """
      {
        "name": "test",
        "cniVersion": "1.0.0",
        "plugins": [
          {"type": "bridge", "bridge": "cni0", "isGateway": true,
           "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.244.1.0/24"}]]}},
          {"type": "portmap", "capabilities": {"portMappings": true}}
        ]
      }
      """;

  static final String KUBELET_CONFIG = """
      apiVersion: kubelet.config.k8s.io/v1beta1
      kind: KubeletConfiguration
      clusterDNS:
      - 10.96.0.10
      clusterDomain: cluster.local
      resolvConf: /run/systemd/resolve/resolv.conf
      """;

  static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();
  static Path work;
  static Path hostRoot;
  static Path fakeBin;
  static Path podNsMount;
  static final List<Process> processes = new ArrayList<>();
  static Result main;
  static Path mainBundle;
  static Path mainTmp;
  static Path mainCwd;
  static Map<String, String> hostRootBefore;
  static String rulesBefore;

  @BeforeAll
  static void setUp() throws Exception {
    String why = Netns.unavailableReason();
    Assumptions.assumeTrue(why == null, () -> "node collector test skipped: " + why);
    for (String tool : List.of("nsenter", "curl")) {
      Assumptions.assumeTrue(onPath(tool), tool + " is not on PATH");
    }
    Netns.removeStale();
    work = Files.createTempDirectory("pw-node");
    NETNS.add("node");
    NETNS.add("pod");
    NETNS.sh(NODE_NS, "ip", "link", "add", "cni0", "type", "bridge");
    NETNS.sh(NODE_NS, "ip", "addr", "add", "10.244.1.1/24", "dev", "cni0");
    NETNS.sh(NODE_NS, "ip", "link", "set", "cni0", "up");
    NETNS.veth(NODE_NS, "vethpw0", POD_NS, "eth0");
    NETNS.sh(NODE_NS, "ip", "link", "set", "vethpw0", "master", "cni0");
    NETNS.sh(POD_NS, "ip", "addr", "add", POD_IP + "/24", "dev", "eth0");
    NETNS.sh(POD_NS, "ip", "route", "add", "default", "via", "10.244.1.1");
    NETNS.sh(NODE_NS, "ip", "route", "add", "10.96.0.0/12", "dev", "cni0");
    Files.writeString(work.resolve("rules"), RULES);
    assertEquals(0, NETNS.exec(NODE_NS, work.resolve("rules"), "iptables-restore").exitCode(),
        "iptables-restore in the node namespace");

    // the pod listens on 8080; the node keeps opening connections to the service IP, DNATed to the pod
    // (not http.server: it resolves its own name before listening, and a namespace has no DNS)
    NETNS.start(POD_NS, work.resolve("http.log"), "python3", "-c", HTTP_SERVER, POD_IP);
    Netns.waitFor(() -> NETNS.exec(POD_NS, "ss", "-ltn").out().contains(POD_IP + ":8080"), 30,
        "the pod's HTTP server to listen");
    NETNS.start(NODE_NS, work.resolve("curl.log"), "sh", "-c",
        "while :; do curl -s -o /dev/null --max-time 1 http://10.96.0.10/; sleep 0.2; done");
    Netns.waitFor(() -> NETNS.exec(NODE_NS, "conntrack", "-L").out().contains("sport=8080"), 30,
        "a DNATed connection in the node's conntrack table");

    makeHostRoot();
    hostRootBefore = snapshot(hostRoot);
    rulesBefore = iptablesRules();

    // a process named kubelet, so the collector finds a kubelet command line
    Path kubelet = work.resolve("kbin/kubelet");
    Files.createDirectories(kubelet.getParent());
    Files.writeString(kubelet, "#!/bin/sh\nwhile :; do sleep 1; done\n");
    kubelet.toFile().setExecutable(true);
    processes.add(new ProcessBuilder(kubelet.toString(), "--config=/var/lib/kubelet/config.yaml",
        "--hostname-override=pw-" + SUFFIX).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start());

    mainTmp = Files.createDirectories(work.resolve("tmp-main"));
    mainCwd = Files.createDirectories(work.resolve("cwd-main"));
    mainBundle = work.resolve("out/node1.tar.gz");
    Files.createDirectories(mainBundle.getParent());
    main = collect(List.of("--node-name", "node1", "--output", mainBundle.toString(), "--host-root",
        hostRoot.toString(), "--host-tools", "current", "--counter-interval", "2", "--timeout", "10"),
        pathWith(fakeBin), mainTmp, mainCwd, mainBundle);
  }

  @AfterAll
  static void tearDown() throws Exception {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    NETNS.close();
  }

  // ---------------------------------------------------------------------------------------------
  // The main run
  // ---------------------------------------------------------------------------------------------

  static final List<String> EXPECTED = List.of(
      "iproute/ip-s-d-link.txt", "iproute/ip-s-d-link.json", "iproute/ip-d-addr.txt", "iproute/ip-d-addr.json",
      "iproute/ip-route-table-all.txt", "iproute/ip-6-route-table-all.txt", "iproute/ip-route.json",
      "iproute/ip-rule.txt", "iproute/ip-6-rule.txt", "iproute/ip-rule.json", "iproute/ip-neigh.txt",
      "iproute/ip-neigh.json", "iproute/bridge-fdb.txt", "iproute/bridge-d-link.txt",
      "conntrack/conntrack-S.txt", "conntrack/conntrack-C.txt", "conntrack/conntrack-L.txt",
      "kernel/sysctl.txt", "kernel/dmesg-net.txt",
      "files/etc/resolv.conf", "files/etc/cni/net.d/10-test.conflist", "files/var/lib/cni/networks/test/" + POD_IP,
      "files/var/lib/cni/networks/test/last_reserved_ip.0", "files/run/flannel/subnet.env",
      "files/var/lib/kube-proxy/config.conf", "files/run/systemd/resolve/resolv.conf",
      "kubelet/config.yaml",
      "netfilter/iptables-version.txt", "netfilter/iptables-save.txt", "netfilter/ip6tables-save.txt",
      "netfilter/iptables-save.2.txt", "netfilter/nft-ruleset.txt", "netfilter/nft-ruleset.json",
      "runtime/crictl-pods.json",
      "netns/" + POD_NS + "/ip-d-addr.txt", "netns/" + POD_NS + "/ip-d-link.txt", "netns/" + POD_NS + "/ip-route.txt",
      "netns/" + POD_NS + "/ip-neigh.txt", "netns/" + POD_NS + "/ss-ltnup.txt", "netns/" + POD_NS + "/eth0-iflink.txt",
      "netns/" + POD_NS + "/pod.txt", "netns/" + POD_NS + "/resolv.conf",
      "collector.log");

  @Test
  void writesEveryExpectedPathWithASpecificSpec() {
    assertEquals(0, main.exitCode(), main.stderr());
    for (String rel : EXPECTED) {
      assertTrue(main.entries().containsKey("nodes/node1/" + rel), "missing nodes/node1/" + rel + "; stderr:\n"
          + main.stderr());
    }
    for (String path : main.entries().keySet()) {
      EvidenceSpec spec = EvidenceSpec.of(path).orElseThrow(() -> new AssertionError("no spec for " + path));
      if (path.startsWith("stderr/")) {
        assertEquals(EvidenceSpec.COMMAND_STDERR, spec, path);
        assertTrue(path.startsWith("stderr/nodes/node1/"), path);
      } else if (!path.equals("manifest.json")) {
        assertTrue(path.startsWith("nodes/node1/"), path);
        assertEquals(EvidenceSpec.Family.NODE, spec.family(), path);
        assertNotEquals(EvidenceSpec.NODE_FILE, spec, "only the catch-all matches " + path);
      }
    }
    assertEquals("manifest.json", main.entries().keySet().iterator().next(), "manifest.json comes first");
  }

  @Test
  void manifestListsEveryFileWithItsHashAndCommand() {
    JsonNode m = main.manifest();
    assertEquals(1, m.path("formatVersion").asInt());
    assertEquals("packetwalk-node", m.at("/collector/name").asText());
    assertEquals("node1", m.at("/node/name").asText());
    assertEquals("--node-name", m.at("/node/nameSource").asText());
    assertEquals(hostRoot.toString(), m.at("/options/hostRoot").asText());
    assertEquals("current", m.at("/options/hostTools").asText());
    assertEquals(2, m.at("/options/counterIntervalSeconds").asInt());
    assertTrue(m.at("/tools/current").toString().contains("\"iptables-save\""), m.at("/tools").toString());
    assertTrue(m.at("/tools/missing").toString().contains("getenforce") || onPath("getenforce"), m.at("/tools").toString());
    List<String> listed = new ArrayList<>();
    for (JsonNode f : m.path("files")) {
      String path = f.path("path").asText();
      listed.add(path);
      byte[] data = main.entries().get(path);
      assertTrue(data != null, "listed but absent: " + path);
      assertEquals(CollectorRun.sha256(data), f.path("sha256").asText(), path);
      assertEquals(data.length, f.path("size").asLong(), path);
      if (!f.path("stderr").isNull()) {
        assertTrue(main.entries().containsKey(f.path("stderr").asText()), "stderr file of " + path);
      }
    }
    for (String path : main.entries().keySet()) {
      if (!path.equals("manifest.json") && !path.startsWith("stderr/")) {
        assertTrue(listed.contains(path), "in the bundle but not listed: " + path);
      }
    }
    JsonNode save = file(m, "nodes/node1/netfilter/iptables-save.txt");
    assertEquals("iptables-save -c", save.path("command").asText(), "--host-tools current: no chroot");
    assertEquals(0, save.path("exitCode").asInt());
    assertTrue(save.path("durationMs").isNumber());
    JsonNode copied = file(m, "nodes/node1/files/etc/cni/net.d/10-test.conflist");
    assertTrue(copied.path("command").isNull(), "a copied file has no command");
    assertTrue(copied.path("exitCode").isNull());
    assertTrue(copied.path("source").asText().startsWith("/etc/cni/net.d/10-test.conflist"), copied.toString());
    assertTrue(file(m, "nodes/node1/netns/" + POD_NS + "/ss-ltnup.txt").path("command").asText()
        .startsWith("nsenter --net=" + hostRoot + "/run/netns/" + POD_NS + " ss -ltnup"));
  }

  @Test
  void iptablesSaveHasTheTestChainCountersAndLiveDeltas() {
    String first = main.text("nodes/node1/netfilter/iptables-save.txt");
    String second = main.text("nodes/node1/netfilter/iptables-save.2.txt");
    assertTrue(first.contains(":KUBE-SERVICES - ["), first);
    assertTrue(first.contains("-m comment --comment \"default/pw-test:http cluster IP\""), first);
    Pattern dnat = Pattern.compile("^\\[(\\d+):(\\d+)\\] -A KUBE-SVC-PWTEST .*DNAT", Pattern.MULTILINE);
    Matcher a = dnat.matcher(first);
    Matcher b = dnat.matcher(second);
    assertTrue(a.find(), "counters on the DNAT rule (-c):\n" + first);
    assertTrue(b.find(), second);
    assertTrue(Long.parseLong(b.group(1)) > Long.parseLong(a.group(1)),
        "the second sample shows new connections: " + a.group() + " then " + b.group());
    String version = main.text("nodes/node1/netfilter/iptables-version.txt");
    String backend = version.contains("nf_tables") ? "nf_tables" : "legacy";
    assertEquals(backend, main.manifest().at("/node/iptablesBackend").asText());
    if (backend.equals("nf_tables")) {
      assertTrue(main.text("nodes/node1/netfilter/nft-ruleset.txt").contains("KUBE-SERVICES"));
    }
    if (onPath("iptables-legacy-save") && onPath("iptables-nft-save")) {
      assertTrue(main.entries().containsKey("nodes/node1/netfilter/iptables-legacy-save.txt"));
      assertTrue(main.text("nodes/node1/netfilter/iptables-" + (backend.equals("nf_tables") ? "nft" : "legacy")
          + "-save.txt").contains("KUBE-SVC-PWTEST"));
    }
    assertEquals(rulesBefore, iptablesRules(), "the rules are unchanged");
  }

  @Test
  void nodeNetworkStateAndConntrack() {
    assertTrue(main.text("nodes/node1/iproute/ip-d-addr.txt").contains("inet 10.244.1.1/24"));
    assertTrue(main.text("nodes/node1/iproute/ip-route-table-all.txt").contains("10.96.0.0/12 dev cni0"));
    assertTrue(main.text("nodes/node1/iproute/bridge-d-link.txt").contains("vethpw0"));
    assertTrue(main.json("nodes/node1/iproute/ip-s-d-link.json").isArray());
    String ct = main.text("nodes/node1/conntrack/conntrack-L.txt");
    assertTrue(ct.contains("dst=10.96.0.10") && ct.contains("src=" + POD_IP) && ct.contains("sport=8080"),
        "a DNATed entry:\n" + ct);
    assertTrue(Long.parseLong(main.text("nodes/node1/conntrack/conntrack-C.txt").trim()) >= 1);
    assertTrue(main.text("nodes/node1/kernel/sysctl.txt").contains("net.ipv4.ip_forward = "));
  }

  @Test
  void podNamespaceIsEnumeratedWithItsPeerAndPod() {
    String ns = "nodes/node1/netns/" + POD_NS + "/";
    assertTrue(main.text(ns + "ip-d-addr.txt").contains("inet " + POD_IP + "/24"));
    assertTrue(main.text(ns + "ip-route.txt").contains("default via 10.244.1.1 dev eth0"));
    assertTrue(main.text(ns + "ss-ltnup.txt").contains(POD_IP + ":8080"), main.text(ns + "ss-ltnup.txt"));
    String vethIndex = run(List.of("ip", "-n", NODE_NS, "-o", "link", "show", "vethpw0")).out().split(":")[0].trim();
    assertEquals(vethIndex, main.text(ns + "eth0-iflink.txt").trim(), "eth0's iflink is the host veth's ifindex");
    String pod = main.text(ns + "pod.txt");
    assertTrue(pod.contains("name=web-0\n") && pod.contains("namespace=default\n") && pod.contains("uid=uid-web-0\n")
        && pod.contains("sandbox=" + SANDBOX + "\n"), pod);
    assertTrue(main.text(ns + "resolv.conf").contains("options ndots:5"));
    String pods = main.text("nodes/node1/runtime/crictl-pods.json");
    assertFalse(pods.contains("s3cr3t"), "last-applied-configuration is redacted");
    assertTrue(pods.contains("\"kubectl.kubernetes.io/last-applied-configuration\": \"<redacted>\""), pods);
  }

  @Test
  void hostFilesAreCopiedFromTheHostRoot() throws IOException {
    // /etc/resolv.conf is an absolute symlink: it is followed inside the host root, not in this container
    assertEquals("nameserver 127.0.0.53\n", main.text("nodes/node1/files/etc/resolv.conf"));
    assertTrue(file(main.manifest(), "nodes/node1/files/etc/resolv.conf").path("source").asText()
        .contains("-> /run/systemd/resolve/stub-resolv.conf"));
    assertEquals(CONFLIST, main.text("nodes/node1/files/etc/cni/net.d/10-test.conflist"));
    assertEquals("c0ffee\neth0", main.text("nodes/node1/files/var/lib/cni/networks/test/" + POD_IP));
    assertTrue(main.text("nodes/node1/files/run/flannel/subnet.env").contains("FLANNEL_SUBNET=10.244.1.1/24"));
    assertEquals(KUBELET_CONFIG, main.text("nodes/node1/kubelet/config.yaml"));
    assertEquals("nameserver 10.0.0.2\n", main.text("nodes/node1/files/run/systemd/resolve/resolv.conf"),
        "the kubelet's resolvConf");
    assertTrue(main.text("nodes/node1/files/var/lib/kube-proxy/config.conf").contains("mode: iptables"));
    // the kubeconfig with a token is not copied
    assertFalse(main.entries().containsKey("nodes/node1/files/etc/cni/net.d/calico-kubeconfig"));
    assertEquals("DISABLED", skipped(main, "nodes/node1/files/etc/cni/net.d/calico-kubeconfig").path("reason").asText());
    for (byte[] data : main.entries().values()) {
      assertFalse(new String(data, StandardCharsets.UTF_8).contains("tok-s3cr3t"), "the token leaked");
    }
    if (main.entries().containsKey("nodes/node1/kubelet/cmdline.txt")) { // absent only when another kubelet won
      String cmdline = main.text("nodes/node1/kubelet/cmdline.txt");
      assertTrue(cmdline.contains("\n--config=/var/lib/kubelet/config.yaml\n"), cmdline);
    }
  }

  @Test
  void moduleGuardsAndAbsentThingsAreNotServed() {
    // the fake host root's /proc/modules has no ip_set and no ip_vs: neither is asked for
    assertEquals("NOT_SERVED", skipped(main, "nodes/node1/netfilter/ipset.txt").path("reason").asText());
    assertTrue(skipped(main, "nodes/node1/netfilter/ipset.txt").path("detail").asText().contains("ip_set is not loaded"));
    if (onPath("ipvsadm")) {
      assertEquals("NOT_SERVED", skipped(main, "nodes/node1/ipvs/ipvsadm-Ln.txt").path("reason").asText());
    }
    assertEquals("NOT_SERVED", skipped(main, "nodes/node1/ipvs/kube-ipvs0-addr.txt").path("reason").asText());
    assertTrue(main.entries().containsKey("stderr/nodes/node1/ipvs/kube-ipvs0-addr.txt"), "stderr kept");
  }

  @Test
  void writesNothingOutsideItsTempDirAndOutput() throws IOException {
    assertEquals(List.of(), list(mainTmp), "the temp dir is gone");
    assertEquals(List.of(), list(mainCwd), "nothing in the working directory");
    assertEquals(List.of(mainBundle.getFileName().toString()), list(mainBundle.getParent()));
    assertEquals(hostRootBefore, snapshot(hostRoot), "the host root is unchanged");
  }

  // ---------------------------------------------------------------------------------------------
  // Other runs
  // ---------------------------------------------------------------------------------------------

  @Test
  void missingToolIsToolMissingAndZeroIntervalIsDisabled() throws Exception {
    // PATH without ipvsadm: every other tool of /usr/sbin and /sbin through a directory of links
    Path bin = work.resolve("bin-no-ipvsadm");
    Files.createDirectories(bin);
    for (String dir : List.of("/usr/local/sbin", "/usr/sbin", "/sbin")) {
      Path d = Path.of(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.list(d)) {
        for (Path t : s.toList()) {
          Path link = bin.resolve(t.getFileName().toString());
          if (!t.getFileName().toString().equals("ipvsadm") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, t);
          }
        }
      }
    }
    String path = Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .filter(p -> !List.of("/usr/local/sbin", "/usr/sbin", "/sbin").contains(p)).reduce(bin.toString(),
            (x, y) -> x + File.pathSeparator + y);
    Path tmp = Files.createDirectories(work.resolve("tmp-noipvs"));
    Path out = work.resolve("node2.tar.gz");
    Result r = collect(List.of("--node-name", "node2", "--output", out.toString(), "--counter-interval", "0",
        "--timeout", "10"), path, tmp, work, out);
    assertEquals(0, r.exitCode(), r.stderr());
    for (String f : List.of("ipvsadm-Ln.txt", "ipvsadm-Ln-stats.txt", "ipvsadm-Sn.txt")) {
      JsonNode s = skipped(r, "nodes/node2/ipvs/" + f);
      assertEquals("TOOL_MISSING", s.path("reason").asText(), s.toString());
      assertTrue(s.path("detail").asText().contains("ipvsadm"), s.toString());
    }
    assertTrue(r.manifest().at("/tools/missing").toString().contains("\"ipvsadm\""));
    assertEquals("DISABLED", skipped(r, "nodes/node2/netfilter/iptables-save.2.txt").path("reason").asText());
    // without --host-root the pod namespace comes from the real /run/netns, entered by path
    String ns = "nodes/node2/netns/" + POD_NS + "/";
    assertTrue(r.text(ns + "ip-d-addr.txt").contains("inet " + POD_IP + "/24"));
    String vethIndex = run(List.of("ip", "-n", NODE_NS, "-o", "link", "show", "vethpw0")).out().split(":")[0].trim();
    assertEquals(vethIndex, r.text(ns + "eth0-iflink.txt").trim());
    assertEquals(List.of(), list(tmp));
  }

  @Test
  void interruptLeavesNoTemporaryFiles() throws Exception {
    Path tmp = Files.createDirectories(work.resolve("tmp-int"));
    Path out = work.resolve("int.tar.gz");
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", NODE_NS, script().toString(),
        "--node-name", "node3", "--output", out.toString(), "--counter-interval", "120"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(work.resolve("int.out").toFile())
        .redirectError(work.resolve("int.err").toFile());
    pb.environment().put("TMPDIR", tmp.toString());
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(work.resolve("int.err")).contains("waiting")) {
        assertTrue(System.nanoTime() < deadline, "the collector never reached the counter interval");
        assertTrue(p.isAlive(), "collector ended early: " + Files.readString(work.resolve("int.err")));
        Thread.sleep(100);
      }
      assertEquals(1, list(tmp).size(), "one temp dir under TMPDIR");
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "collector did not stop on SIGINT");
      assertEquals(130, p.exitValue());
      Thread.sleep(300);
      assertEquals(List.of(), list(tmp), "temp files left after SIGINT");
      assertFalse(Files.exists(out), "no half bundle");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void packetwalkCollectMergesTheNodeBundle() throws Exception {
    CollectorRun.assumeTools();
    Path mergeWork = Files.createDirectories(work.resolve("merge"));
    Result r;
    try (FakeApiServer server = FakeApiServer.start(CollectorRun.world("healthy"), mergeWork, List.of())) {
      r = CollectorRun.collect(server, mergeWork, List.of("--no-logs", "--node-bundle", mainBundle.toString()),
          Map.of());
    }
    assertEquals(0, r.exitCode(), r.stderr());
    assertTrue(r.entries().containsKey("cluster/pods.json"));
    for (Map.Entry<String, byte[]> e : main.entries().entrySet()) {
      if (!e.getKey().equals("manifest.json")) {
        assertTrue(r.entries().containsKey(e.getKey()), "not merged: " + e.getKey());
        assertEquals(CollectorRun.sha256(e.getValue()), CollectorRun.sha256(r.entries().get(e.getKey())), e.getKey());
      }
    }
    JsonNode m = r.manifest();
    assertEquals("packetwalk-collect", m.at("/collector/name").asText());
    assertEquals("node1.tar.gz", m.at("/options/nodeBundles/0").asText());
    int nodeFiles = 0;
    for (JsonNode f : m.path("files")) {
      if (f.path("path").asText().startsWith("nodes/node1/")) {
        nodeFiles++;
      }
    }
    assertEquals(main.manifest().path("files").size() + 1, nodeFiles, "the node's files plus its manifest");
    assertEquals("NOT_SERVED", skipped(r, "nodes/node1/netfilter/ipset.txt").path("reason").asText());
    assertEquals(main.text("manifest.json"), r.text("nodes/node1/manifest.json"), "the node manifest is kept");
    assertEquals("node1.tar.gz:manifest.json", file(m, "nodes/node1/manifest.json").path("source").asText());

    // the analyzer reads the merged bundle without integrity problems; node files are read by the node builder
    Path merged = mergeWork.resolve("bundle.tar.gz");
    AnalysisResult a = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(List.of(merged));
    List<ParseWarning> integrity = a.problems().stream().filter(w -> w.kind() == ParseWarning.Kind.INTEGRITY).toList();
    assertEquals(List.of(), integrity);
    for (Coverage c : a.coverage()) {
      if (c.path().startsWith("nodes/node1/")) {
        assertNotEquals(Coverage.Status.FAILED, c.status(), c.toString());
        assertNotEquals(EvidenceSpec.NODE_FILE, c.spec(), c.toString());
      }
    }
    assertTrue(a.coverage().stream().anyMatch(c -> c.path().equals("nodes/node1/netfilter/iptables-save.txt")
        && c.status() == Coverage.Status.PARSED), "the node's iptables-save is parsed");
    assertTrue(a.nodes().get("node1").isPresent(), "a dataplane for node1");
  }

  @Test
  void usageErrors() throws Exception {
    for (List<String> args : List.of(List.of("--node-name", "a/b"), List.of("--counter-interval", "x"),
        List.of("--host-tools", "maybe"), List.of("--host-root", work.resolve("nope").toString()), List.of("--bogus"))) {
      Proc p = run(concat(List.of(script().toString()), args));
      assertEquals(2, p.exitCode(), args + ": " + p.out());
    }
    Proc v = run(List.of(script().toString(), "--version"));
    assertTrue(v.out().startsWith("packetwalk-node "), v.out());
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  static void makeHostRoot() throws IOException {
    hostRoot = work.resolve("host");
    write("etc/cni/net.d/10-test.conflist", CONFLIST);
    write("etc/cni/net.d/calico-kubeconfig", "apiVersion: v1\nusers:\n- user:\n    token: tok-s3cr3t\n");
    write("var/lib/cni/networks/test/" + POD_IP, "c0ffee\neth0");
    write("var/lib/cni/networks/test/last_reserved_ip.0", POD_IP);
    write("run/flannel/subnet.env", "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\n"
        + "FLANNEL_IPMASQ=true\n");
    write("run/systemd/resolve/stub-resolv.conf", "nameserver 127.0.0.53\n");
    write("run/systemd/resolve/resolv.conf", "nameserver 10.0.0.2\n");
    Files.createSymbolicLink(hostRoot.resolve("etc/resolv.conf"), Path.of("/run/systemd/resolve/stub-resolv.conf"));
    write("var/lib/kubelet/config.yaml", KUBELET_CONFIG);
    write("var/lib/kube-proxy/config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nmode: iptables\n");
    write("var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/" + SANDBOX + "/resolv.conf",
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
    // a host /proc/modules and /sys/module without ip_set and ip_vs
    write("proc/modules", "nf_conntrack 180224 1 - Live 0x0\nnf_tables 278528 1 - Live 0x0\nbridge 286720 0 - Live 0x0\n");
    Files.createDirectories(hostRoot.resolve("sys/module/nf_conntrack"));
    Files.createDirectories(hostRoot.resolve("sys/module/nf_tables"));
    Files.createDirectories(hostRoot.resolve("var"));
    Files.createSymbolicLink(hostRoot.resolve("var/run"), Path.of("/run"));
    // the pod's namespace, as containerd would have it in the host's /run/netns
    podNsMount = hostRoot.resolve("run/netns/" + POD_NS);
    NETNS.bindMount(POD_NS, podNsMount);

    // crictl: a stand-in that knows one pod sandbox, in the pod namespace (crictl prints 2-space JSON)
    fakeBin = work.resolve("fakebin");
    Files.createDirectories(fakeBin);
    Path pods = work.resolve("crictl-pods.json");
    Files.writeString(pods, """
        {
          "items": [
            {
              "id": "%s",
              "metadata": {
                "name": "web-0",
                "uid": "uid-web-0",
                "namespace": "default",
                "attempt": 0
              },
              "state": "SANDBOX_READY",
              "createdAt": "1763750000000000000",
              "labels": {
                "app": "web"
              },
              "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"v1\\",\\"data\\":\\"s3cr3t\\"}"
              },
              "runtimeHandler": ""
            }
          ]
        }
        """.formatted(SANDBOX));
    Path inspect = work.resolve("crictl-inspectp.json");
    Files.writeString(inspect, """
        {
          "status": {
            "id": "%s",
            "network": {
              "ip": "%s"
            }
          },
          "info": {
            "pid": 4242,
            "runtimeSpec": {
              "linux": {
                "namespaces": [
                  {
                    "type": "pid"
                  },
                  {
                    "type": "network",
                    "path": "/var/run/netns/%s"
                  }
                ]
              }
            }
          }
        }
        """.formatted(SANDBOX, POD_IP, POD_NS));
    Path crictl = fakeBin.resolve("crictl");
    Files.writeString(crictl, """
        #!/bin/sh
        case "$1 $2 $3" in
        "pods -o json") cat '%s' ;;
        "inspectp -o json") [ "$4" = '%s' ] && cat '%s' || { echo "sandbox $4 not found" >&2; exit 1; } ;;
        *) echo "unexpected: $*" >&2; exit 1 ;;
        esac
        """.formatted(pods, SANDBOX, inspect));
    Files.setPosixFilePermissions(crictl, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static void write(String rel, String content) throws IOException {
    Path p = hostRoot.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  static Path script() {
    return CollectorRun.repo().resolve("collector-scripts/packetwalk-node");
  }

  static String pathWith(Path dir) {
    return dir + File.pathSeparator + System.getenv("PATH");
  }

  /** Runs packetwalk-node inside the node namespace. */
  static Result collect(List<String> args, String path, Path tmp, Path cwd, Path out) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", NODE_NS, script().toString()));
    cmd.addAll(args);
    Path err = work.resolve("collect-" + RUNS.incrementAndGet() + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
    pb.environment().put("PATH", path);
    pb.environment().put("TMPDIR", tmp.toString());
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "packetwalk-node did not finish within 180 s");
    Map<String, byte[]> entries = Files.exists(out) ? CollectorRun.readBundle(Files.readAllBytes(out)) : Map.of();
    return new Result(p.exitValue(), Files.readString(err), entries, List.of());
  }

  // ---------------------------------------------------------------------------------------------
  // Packet captures
  // ---------------------------------------------------------------------------------------------

  /**
   * A real tcpdump at the pod's veth, found from pod/default/web-0 through crictl and the ifindex of eth0's peer,
   * while the node keeps opening connections to the pod (the curl loop of the setup); a second point names a
   * missing pod and is skipped with its reason.
   */
  @Test
  void capturesAtThePodsVethWhileTrafficFlows() throws Exception {
    Assumptions.assumeTrue(onPath("tcpdump"), "tcpdump is not on PATH");
    Path out = Files.createDirectories(work.resolve("out-cap")).resolve("capture.tar.gz");
    Result r = collect(List.of("--node-name", "node1", "--output", out.toString(), "--host-root",
        hostRoot.toString(), "--host-tools", "current", "--counter-interval", "0", "--timeout", "10",
        "--capture-seconds", "3", "--capture-iface", "pod/default/web-0", "--capture-iface", "pod/default/nope",
        "--capture-filter", "tcp port 8080", "--capture-max-packets", "500"),
        pathWith(fakeBin), Files.createDirectories(work.resolve("tmp-cap")),
        Files.createDirectories(work.resolve("cwd-cap")), out);
    assertEquals(0, r.exitCode(), r.stderr());
    String pcap = "nodes/node1/captures/pod-default-web-0.pcap";
    String side = "nodes/node1/captures/pod-default-web-0.json";
    assertTrue(r.entries().containsKey(pcap), r.stderr());
    assertEquals(EvidenceSpec.NODE_CAPTURE, EvidenceSpec.of(pcap).orElseThrow());
    assertEquals(EvidenceSpec.NODE_CAPTURE_POINT, EvidenceSpec.of(side).orElseThrow());
    JsonNode point = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.entries().get(side));
    assertEquals("vethpw0", point.path("interface").asText(), point.toString());
    assertEquals("default/web-0", point.path("pod").asText());
    assertEquals("tcp port 8080", point.path("filter").asText());
    assertEquals("time", point.path("stoppedBy").asText());
    assertTrue(point.path("tcpdumpVersion").asText().startsWith("tcpdump version"), point.toString());
    assertTrue(point.path("packetsCaptured").asLong() > 0, point.toString());
    assertTrue(point.path("startTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    JsonNode f = file(r.manifest(), pcap);
    assertTrue(f.path("command").asText().startsWith("timeout -s INT 3 tcpdump -i vethpw0 "), f.toString());
    assertEquals(r.entries().get(pcap).length, f.path("size").asInt());
    assertEquals("NOT_SERVED", skipped(r, "nodes/node1/captures/pod-default-nope.pcap").path("reason").asText());

    // the analyzer reads it: the pod's HTTP server answers every SYN at its veth
    AnalysisResult a = new Analyzer(BundleLimits.DEFAULT, List.of()).analyze(List.of(out));
    assertEquals(1, a.captures().size());
    var s = a.captures().get(0).summary();
    assertEquals(point.path("packetsCaptured").asLong(), s.packets());
    assertTrue(s.flows().stream().anyMatch(fl -> fl.handshake() == dev.packetwalk.capture.HandshakeOutcome.ESTABLISHED
        && fl.key().dstPort() == 8080), s.flows().toString());
    assertTrue(a.coverage().stream().anyMatch(c -> c.path().equals(pcap) && c.status() == Coverage.Status.PARSED),
        a.coverage().toString());
  }

  @Test
  void noTcpdumpIsAToolMissingSkip() throws Exception {
    Path out = Files.createDirectories(work.resolve("out-cap")).resolve("notcpdump.tar.gz");
    Path bin = Files.createDirectories(work.resolve("bin-notcpdump"));
    // a PATH without tcpdump: the fake bin plus links to every tool of the real PATH but tcpdump
    for (String dir : System.getenv("PATH").split(":")) {
      File[] tools = new File(dir).listFiles();
      if (tools == null) continue;
      for (File t : tools) {
        Path link = bin.resolve(t.getName());
        if (!t.getName().equals("tcpdump") && t.canExecute() && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, t.toPath());
        }
      }
    }
    Result r = collect(List.of("--node-name", "node1", "--output", out.toString(), "--host-root",
        hostRoot.toString(), "--host-tools", "current", "--counter-interval", "0", "--timeout", "10",
        "--capture-seconds", "1", "--capture-iface", "vethpw0"), fakeBin + ":" + bin,
        Files.createDirectories(work.resolve("tmp-nt")), Files.createDirectories(work.resolve("cwd-nt")), out);
    assertEquals(0, r.exitCode(), r.stderr());
    JsonNode s = skipped(r, "nodes/node1/captures/vethpw0.pcap");
    assertEquals("TOOL_MISSING", s.path("reason").asText(), s.toString());
    assertTrue(s.path("detail").asText().contains("tcpdump"), s.toString());
  }

  static JsonNode file(JsonNode manifest, String path) {
    for (JsonNode f : manifest.path("files")) {
      if (f.path("path").asText().equals(path)) {
        return f;
      }
    }
    throw new AssertionError("not in files: " + path);
  }

  static JsonNode skipped(Result r, String path) {
    for (JsonNode s : r.manifest().path("skipped")) {
      if (s.path("path").asText().equals(path)) {
        return s;
      }
    }
    throw new AssertionError("not in skipped: " + path + " in " + r.manifest().path("skipped"));
  }

  static String iptablesRules() {
    return run(List.of("ip", "netns", "exec", NODE_NS, "iptables-save")).out().lines()
        .filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "[counters]"))
        .reduce("", (x, y) -> x + y + "\n");
  }

  /** Path to size and modification time of everything below dir, links not followed. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        if (p.equals(podNsMount)) {
          m.put(dir.relativize(p).toString(), "netns mount");
          continue;
        }
        m.put(dir.relativize(p).toString(), Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
            : Files.size(p) + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
      }
    }
    return m;
  }

  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  static boolean onPath(String tool) {
    return Netns.onPath(tool);
  }

  static Proc run(List<String> cmd) {
    return Netns.run(cmd);
  }
}
