package dev.packetwalk.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java port of {@code perf-tools/gen_kubeproxy_iptables.py} ({@code --format save}, default knobs): a kube-proxy
 * (iptables mode, v1.27+ layout) {@code iptables-save} dump for a big cluster, byte for byte what the Python script
 * prints for the same {@code --services}, {@code --endpoints-avg} and {@code --seed} (it reimplements CPython's
 * Mersenne Twister, {@code randrange}, {@code random} and {@code expovariate}), so the benchmark needs no Python.
 *
 * <pre>
 * java -cp analyzer/target/test-classes dev.packetwalk.bench.KubeProxyIptablesGenerator 10000 5 1 /tmp/kube-10k.save
 * </pre>
 */
public final class KubeProxyIptablesGenerator {

  // knobs: the Python script's defaults
  double endpointsAvg = 5.0;
  double nodeportFrac = 0.10;
  double lbFrac = 0.03;
  double localFrac = 0.3;
  double multiportFrac = 0.2;
  double udpFrac = 0.03;
  double noendpointFrac = 0.02;
  double affinityFrac = 0.02;
  int namespaces = 300;
  int nodes = 500;
  String clusterCidr = "10.244.0.0/16";

  /** What the Python script prints on stderr. */
  public String summary;

  public static void main(String[] args) throws Exception {
    int services = Integer.parseInt(args[0]);
    KubeProxyIptablesGenerator g = new KubeProxyIptablesGenerator();
    g.endpointsAvg = Double.parseDouble(args[1]);
    long seed = Long.parseLong(args[2]);
    Path out = Path.of(args[3]);
    g.write(services, seed, out);
    System.err.println(g.summary);
  }

  /** Writes the dump to {@code out}; returns its SHA-256 (hex). */
  public String write(int services, long seed, Path out) throws IOException {
    StringBuilder sb = new StringBuilder(40 << 20);
    generate(services, seed, sb);
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(out, bytes);
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CPython's random.Random: MT19937 seeded by init_by_array, and the derived draws the script uses. */
  static final class PyRandom {
    private final int[] mt = new int[624];
    private int mti;

    PyRandom(long seed) {
      long n = Math.abs(seed);
      List<Integer> key = new ArrayList<>();
      do {
        key.add((int) n);
        n >>>= 32;
      } while (n != 0);
      initByArray(key.stream().mapToInt(Integer::intValue).toArray());
    }

    private void initGenrand(int s) {
      mt[0] = s;
      for (mti = 1; mti < 624; mti++) {
        mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
      }
    }

    private void initByArray(int[] key) {
      initGenrand(19650218);
      int i = 1;
      int j = 0;
      for (int k = Math.max(624, key.length); k > 0; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
        i++;
        j++;
        if (i >= 624) {
          mt[0] = mt[623];
          i = 1;
        }
        if (j >= key.length) {
          j = 0;
        }
      }
      for (int k = 623; k > 0; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
        i++;
        if (i >= 624) {
          mt[0] = mt[623];
          i = 1;
        }
      }
      mt[0] = 0x80000000;
      mti = 624;
    }

    int genrand() {
      if (mti >= 624) {
        for (int kk = 0; kk < 624; kk++) {
          int y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % 624] & 0x7fffffff);
          mt[kk] = mt[(kk + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        mti = 0;
      }
      int y = mt[mti++];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      return y;
    }

    double random() {
      long a = (genrand() & 0xffffffffL) >>> 5;
      long b = (genrand() & 0xffffffffL) >>> 6;
      return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** randrange(n) = _randbelow_with_getrandbits(n), n below 2^31. */
    int randbelow(int n) {
      int k = 32 - Integer.numberOfLeadingZeros(n);
      int r;
      do {
        r = (int) ((genrand() & 0xffffffffL) >>> (32 - k));
      } while (r >= n);
      return r;
    }

    int randrange(int start, int stop) {
      return start + randbelow(stop - start);
    }

    double expovariate(double lambd) {
      return -Math.log(1.0 - random()) / lambd;
    }
  }

  static String h16(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
      StringBuilder out = new StringBuilder(16);
      int buffer = 0;
      int bits = 0;
      for (int i = 0; out.length() < 16; i++) {
        buffer = (buffer << 8) | (d[i] & 0xff);
        bits += 8;
        while (bits >= 5 && out.length() < 16) {
          out.append(alphabet.charAt((buffer >>> (bits - 5)) & 31));
          bits -= 5;
        }
      }
      return out.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** kube-proxy writes %0.10f of 1/n; iptables keeps lround(p·2^31) and iptables-save prints %.11f of it. */
  static String probStr(int n) {
    double p = new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).doubleValue();
    double q = Math.floor(p * 2147483648.0 + 0.5);
    return new BigDecimal(q / 2147483648.0).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
  }

  static String ipstr(long n) {
    return (n >> 24 & 255) + "." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
  }

  /** iptables-save quotes a comment unless it is only [A-Za-z0-9_-]. */
  static String q(String s) {
    boolean ok = !s.isEmpty();
    for (int i = 0; i < s.length() && ok; i++) {
      char c = s.charAt(i);
      ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }
    return ok ? s : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static final String[] TABLE_ORDER = {"mangle", "filter", "nat"};
  private static final Map<String, List<String>> BUILTIN = Map.of(
      "filter", List.of("INPUT", "FORWARD", "OUTPUT"),
      "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
      "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"));

  private final Map<String, Map<String, List<String>>> chains = new LinkedHashMap<>();

  private void chain(String t, String c) {
    chains.get(t).computeIfAbsent(c, k -> new ArrayList<>());
  }

  private void add(String t, String c, String rule) {
    chains.get(t).computeIfAbsent(c, k -> new ArrayList<>()).add(rule);
  }

  /** Composes one rule as iptables-save orders it: -s/-d/-p first, then the matches (comment first). */
  private static String rule(String comment, String src, String[] nsrc, String dst, String proto, int dport,
      List<String> pre, List<String> post, String jump, List<String> first) {
    List<String> parts = new ArrayList<>();
    if (nsrc != null) {
      parts.add("! -s " + nsrc[0] + "/" + nsrc[1]);
    }
    if (src != null) {
      parts.add("-s " + src + "/32");
    }
    if (dst != null) {
      parts.add("-d " + dst + "/32");
    }
    if (proto != null) {
      parts.add("-p " + proto);
    }
    parts.addAll(first);
    parts.addAll(pre);
    if (comment != null) {
      parts.add("-m comment --comment " + q(comment));
    }
    if (proto != null) {
      parts.add("-m " + proto + (dport != 0 ? " --dport " + dport : ""));
    }
    parts.addAll(post);
    parts.add(jump);
    parts.removeIf(String::isEmpty);
    return String.join(" ", parts);
  }

  private static String rule(String comment, String jump) {
    return rule(comment, null, null, null, null, 0, List.of(), List.of(), jump, List.of());
  }

  private static String ruleFirst(String comment, String first, String jump) {
    return rule(comment, null, null, null, null, 0, List.of(), List.of(), jump, List.of(first));
  }

  private static String rulePost(String comment, String post, String jump) {
    return rule(comment, null, null, null, null, 0, List.of(), List.of(post), jump, List.of());
  }

  public void generate(int services, long seed, StringBuilder out) {
    PyRandom rnd = new PyRandom(seed);
    String[] cidr = clusterCidr.split("/");
    String[] oct = cidr[0].split("\\.");
    long cidrBase = 0;
    for (int i = 0; i < oct.length; i++) {
      cidrBase += Long.parseLong(oct[i]) << (24 - 8 * i);
    }
    chains.clear();
    for (String t : List.of("filter", "nat", "mangle")) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (String c : BUILTIN.get(t)) {
        m.put(c, new ArrayList<>());
      }
      chains.put(t, m);
    }
    String stamp = "Sat Nov 21 10:00:00 2026";

    for (String c : List.of("KUBE-IPTABLES-HINT", "KUBE-KUBELET-CANARY", "KUBE-PROXY-CANARY")) {
      chain("mangle", c);
    }
    for (String c : List.of("KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-KUBELET-CANARY",
        "KUBE-NODEPORTS", "KUBE-PROXY-CANARY", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES")) {
      chain("filter", c);
    }
    String fw = "-m conntrack --ctstate NEW";
    add("filter", "INPUT", ruleFirst("kubernetes load balancer firewall", fw, "-j KUBE-PROXY-FIREWALL"));
    add("filter", "INPUT", rule("kubernetes health check service ports", "-j KUBE-NODEPORTS"));
    add("filter", "INPUT", ruleFirst("kubernetes externally-visible service portals", fw,
        "-j KUBE-EXTERNAL-SERVICES"));
    add("filter", "INPUT", "-j KUBE-FIREWALL");
    add("filter", "FORWARD", ruleFirst("kubernetes load balancer firewall", fw, "-j KUBE-PROXY-FIREWALL"));
    add("filter", "FORWARD", rule("kubernetes forwarding rules", "-j KUBE-FORWARD"));
    add("filter", "FORWARD", ruleFirst("kubernetes service portals", fw, "-j KUBE-SERVICES"));
    add("filter", "FORWARD", ruleFirst("kubernetes externally-visible service portals", fw,
        "-j KUBE-EXTERNAL-SERVICES"));
    add("filter", "OUTPUT", ruleFirst("kubernetes load balancer firewall", fw, "-j KUBE-PROXY-FIREWALL"));
    add("filter", "OUTPUT", ruleFirst("kubernetes service portals", fw, "-j KUBE-SERVICES"));
    add("filter", "OUTPUT", "-j KUBE-FIREWALL");
    add("filter", "KUBE-FIREWALL", "! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment \"block incoming "
        + "localnet connections\" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP");
    add("filter", "KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP");
    add("filter", "KUBE-FORWARD", rulePost("kubernetes forwarding rules", "-m mark --mark 0x4000/0x4000",
        "-j ACCEPT"));
    add("filter", "KUBE-FORWARD", rulePost("kubernetes forwarding conntrack rule",
        "-m conntrack --ctstate RELATED,ESTABLISHED", "-j ACCEPT"));
    for (String c : List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ",
        "KUBE-PROXY-CANARY", "KUBE-KUBELET-CANARY")) {
      chain("nat", c);
    }
    add("nat", "PREROUTING", rule("kubernetes service portals", "-j KUBE-SERVICES"));
    add("nat", "OUTPUT", rule("kubernetes service portals", "-j KUBE-SERVICES"));
    add("nat", "POSTROUTING", rule("kubernetes postrouting rules", "-j KUBE-POSTROUTING"));
    add("nat", "KUBE-MARK-MASQ", "-j MARK --set-xmark 0x4000/0x4000");
    add("nat", "KUBE-POSTROUTING", "-m mark ! --mark 0x4000/0x4000 -j RETURN");
    add("nat", "KUBE-POSTROUTING", "-j MARK --set-xmark 0x4000/0x0");
    add("nat", "KUBE-POSTROUTING", rule("kubernetes service traffic requiring SNAT", "-j MASQUERADE --random-fully"));

    Set<Long> usedIps = new HashSet<>();
    Set<String> usedNp = new HashSet<>();
    List<String> nodeportRules = new ArrayList<>();
    int stServicePorts = 0;
    int stEndpoints = 0;
    int stNodeport = 0;
    int stLb = 0;
    int stLocal = 0;
    int stNoep = 0;
    int stAffinity = 0;
    long svcBase = (10L << 24) | (96L << 16);
    long lbBase = (203L << 24) | (113L << 8);
    String reject = "-j REJECT --reject-with icmp-port-unreachable";
    for (int s = 0; s < services; s++) {
      String ns = "ns-" + rnd.randbelow(namespaces);
      String name = "svc-" + s;
      String cip = ipstr(allocIp(rnd, usedIps, svcBase, 20));
      double u = rnd.random();
      String kind = u < lbFrac ? "lb" : u < lbFrac + nodeportFrac ? "np" : "cip";
      boolean local = !kind.equals("cip") && rnd.random() < localFrac;
      boolean affinity = rnd.random() < affinityFrac;
      String lbip = kind.equals("lb") ? ipstr(lbBase + rnd.randrange(1, 254)) : null;
      int neps;
      if (rnd.random() < noendpointFrac) {
        neps = 0;
      } else {
        neps = Math.max(1, (int) Math.rint(rnd.expovariate(1.0 / (endpointsAvg - 0.5)) + 0.5));
        neps = Math.min(neps, 200);
      }
      List<String> epIps = new ArrayList<>();
      for (int k = 0; k < neps; k++) {
        long hi = (long) rnd.randbelow(nodes < 250 ? nodes : 250) << 8;
        epIps.add(ipstr(cidrBase | hi | rnd.randrange(2, 254)));
      }
      List<Object[]> ports = new ArrayList<>();
      ports.add(new Object[] {"http", 80, 8080, "tcp"});
      if (rnd.random() < multiportFrac) {
        ports.add(new Object[] {"metrics", 9090, 9090, "tcp"});
      }
      if (rnd.random() < udpFrac) {
        ports.add(0, new Object[] {"dns", 53, 53, "udp"});
      }
      stLb += kind.equals("lb") ? 1 : 0;
      stNodeport += !kind.equals("cip") ? 1 : 0;
      stLocal += local ? 1 : 0;
      stAffinity += affinity ? 1 : 0;
      for (Object[] pp : ports) {
        String pname = (String) pp[0];
        int port = (Integer) pp[1];
        int tport = (Integer) pp[2];
        String proto = (String) pp[3];
        stServicePorts++;
        String spn = ns + "/" + name + ":" + pname;
        String hsh = h16(spn + proto);
        String svc = "KUBE-SVC-" + hsh;
        String ext = "KUBE-EXT-" + hsh;
        String svl = "KUBE-SVL-" + hsh;
        int nport = 0;
        if (!kind.equals("cip")) {
          while (true) {
            nport = rnd.randrange(30000, 32768);
            if (usedNp.add(nport + "/" + proto)) {
              break;
            }
          }
        }
        if (neps == 0) {
          stNoep++;
          add("filter", "KUBE-SERVICES", rule(spn + " has no endpoints", null, null, cip, proto, port, List.of(),
              List.of(), reject, List.of()));
          if (nport != 0) {
            add("filter", "KUBE-EXTERNAL-SERVICES", "-p " + proto + " -m comment --comment "
                + q(spn + " has no endpoints") + " -m addrtype --dst-type LOCAL -m " + proto + " --dport " + nport
                + " " + reject);
          }
          continue;
        }
        stEndpoints += neps;
        chain("nat", svc);
        add("nat", "KUBE-SERVICES", rule(spn + " cluster IP", null, null, cip, proto, port, List.of(), List.of(),
            "-j " + svc, List.of()));
        add("nat", svc, rule(spn + " cluster IP", null, cidr, cip, proto, port, List.of(), List.of(),
            "-j KUBE-MARK-MASQ", List.of()));
        if (!kind.equals("cip")) {
          chain("nat", ext);
          nodeportRules.add(rule(spn, null, null, null, proto, nport, List.of(), List.of(), "-j " + ext, List.of()));
          if (lbip != null) {
            add("nat", "KUBE-SERVICES", rule(spn + " loadbalancer IP", null, null, lbip, proto, port, List.of(),
                List.of(), "-j " + ext, List.of()));
          }
          if (local) {
            int hc = rnd.randrange(30000, 32768);
            add("filter", "KUBE-NODEPORTS", rule(spn + " health check node port", null, null, null, "tcp", hc,
                List.of(), List.of(), "-j ACCEPT", List.of()));
            add("nat", ext, "-s " + cidr[0] + "/" + cidr[1] + " -m comment --comment "
                + q("pod traffic for " + spn + " external destinations") + " -j " + svc);
            add("nat", ext, rulePost("masquerade LOCAL traffic for " + spn + " external destinations",
                "-m addrtype --src-type LOCAL", "-j KUBE-MARK-MASQ"));
            add("nat", ext, rulePost("route LOCAL traffic for " + spn + " external destinations",
                "-m addrtype --src-type LOCAL", "-j " + svc));
            add("nat", ext, "-j " + svl);
          } else {
            add("nat", ext, rule("masquerade traffic for " + spn + " external destinations", "-j KUBE-MARK-MASQ"));
            add("nat", ext, "-j " + svc);
          }
        }
        List<String[]> seps = new ArrayList<>();
        for (String ip : epIps) {
          String ep = ip + ":" + tport;
          String sep = "KUBE-SEP-" + h16(spn + proto + ep);
          seps.add(new String[] {sep, ep, ip});
          chain("nat", sep);
          add("nat", sep, rule(spn, ip, null, null, null, 0, List.of(), List.of(), "-j KUBE-MARK-MASQ",
              List.of()));
          if (affinity) {
            String rec = "-m recent --set --name " + sep + " --mask 255.255.255.255 --rsource";
            add("nat", sep, "-p " + proto + " -m comment --comment " + q(spn) + " " + rec + " -m " + proto
                + " -j DNAT --to-destination " + ep);
          } else {
            add("nat", sep, rule(spn, null, null, null, proto, 0, List.of(), List.of(),
                "-j DNAT --to-destination " + ep, List.of()));
          }
        }
        lbRules(svc, seps, spn, affinity);
        if (!kind.equals("cip") && local) {
          chain("nat", svl);
          int k = Math.max(1, seps.size() / 3);
          lbRules(svl, seps.subList(0, k), spn, affinity);
        }
      }
    }
    for (String r : nodeportRules) {
      add("nat", "KUBE-NODEPORTS", r);
    }
    add("nat", "KUBE-SERVICES", rulePost("kubernetes service nodeports; NOTE: this must be the last rule in this "
        + "chain", "-m addrtype --dst-type LOCAL", "-j KUBE-NODEPORTS"));

    int nrules = 0;
    for (String t : TABLE_ORDER) {
      out.append("# Generated by iptables-save v1.8.9 on ").append(stamp).append('\n');
      out.append('*').append(t).append('\n');
      List<String> bl = BUILTIN.get(t);
      List<String> users = new ArrayList<>();
      for (String c : chains.get(t).keySet()) {
        if (!bl.contains(c)) {
          users.add(c);
        }
      }
      users.sort(null);
      for (String c : bl) {
        out.append(':').append(c).append(" ACCEPT [0:0]\n");
      }
      for (String c : users) {
        out.append(':').append(c).append(" - [0:0]\n");
      }
      List<String> order = new ArrayList<>(bl);
      order.addAll(users);
      for (String c : order) {
        for (String r : chains.get(t).get(c)) {
          out.append("-A ").append(c).append(' ').append(r).append('\n');
          nrules++;
        }
      }
      out.append("COMMIT\n");
      out.append("# Completed on ").append(stamp).append('\n');
    }
    int nchains = chains.values().stream().mapToInt(Map::size).sum();
    summary = String.format("services=%d service_ports=%d endpoints(SEP chains)=%d nodeport_svcs=%d lb_svcs=%d "
        + "local_policy=%d affinity=%d ports_without_endpoints=%d rules=%d chains=%d", services, stServicePorts,
        stEndpoints, stNodeport, stLb, stLocal, stAffinity, stNoep, nrules, nchains);
  }

  private void lbRules(String chain, List<String[]> eps, String spn, boolean affinity) {
    if (affinity) {
      for (String[] e : eps) {
        add("nat", chain, rulePost(spn + " -> " + e[1], "-m recent --rcheck --seconds 10800 --reap --name " + e[0]
            + " --mask 255.255.255.255 --rsource", "-j " + e[0]));
      }
    }
    int n = eps.size();
    for (int i = 0; i < n; i++) {
      String[] e = eps.get(i);
      if (i < n - 1) {
        add("nat", chain, rulePost(spn + " -> " + e[1], "-m statistic --mode random --probability "
            + probStr(n - i), "-j " + e[0]));
      } else {
        add("nat", chain, rule(spn + " -> " + e[1], "-j " + e[0]));
      }
    }
  }

  private long allocIp(PyRandom rnd, Set<Long> used, long base, int bits) {
    while (true) {
      long ip = base + rnd.randrange(1, (1 << bits) - 1);
      if (!used.contains(ip) && (ip & 255) != 0 && (ip & 255) != 255) {
        used.add(ip);
        return ip;
      }
    }
  }
}
