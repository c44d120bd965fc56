package dev.packetwalk.check.cni;

import dev.packetwalk.model.cluster.ContainerLog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Known failure lines of network daemons and what they mean; matched case-insensitively, first hit per log. */
public final class LogSignatures {
  private LogSignatures() {}

  /** A failure signature: how to spot it, what it means, what to do. */
  public enum Signature {
    SELINUX_CNI_DIR("(can't|cannot) create( regular file)? '?/(etc/cni/net\\.d|opt/cni/bin)/[^:]*'?: Permission denied",
        "the daemon's install step cannot write the CNI configuration or binaries on the host; with a privileged"
            + " container this is almost always SELinux enforcing on the node",
        "on the node run getenforce; if Enforcing, relabel the directories (restorecon -Rv /etc/cni/net.d"
            + " /opt/cni/bin) or give the container an SELinux type allowed to write there (securityContext."
            + "seLinuxOptions.type: spc_t). setenforce 0 (or SELINUX=disabled in /etc/selinux/config) confirms the"
            + " diagnosis but should not be the fix"),
    NO_POD_CIDR("pod cidr not assigned|failed to acquire lease",
        "the node has no spec.podCIDR, so flannel cannot take a subnet for it",
        "enable CIDR allocation (kube-controller-manager --allocate-node-cidrs=true --cluster-cidr equal to"
            + " net-conf.json Network) or set spec.podCIDR on the node, then restart the pod"),
    API_UNREACHABLE("failed to create subnetmanager|unable to connect to (the )?(kubernetes )?api|"
        + "dial tcp [^ ]+:(443|6443)[^\\n]*(i/o timeout|connection refused|no route to host)",
        "the daemon cannot reach the Kubernetes API server (often through the kubernetes Service ClusterIP, which"
            + " needs kube-proxy, or because of a firewall between node and control plane)",
        "from the node, curl -k https://<apiserver>:6443/healthz and the kubernetes Service ClusterIP; check"
            + " kube-proxy on this node and the node's firewall"),
    IPTABLES_OR_MODULES("iptables[^\\n]*(permission denied|can't initialize|could not fetch rule set|"
        + "table does not exist)|modprobe: (fatal|error|can't)|module [^ ]+ not found|failed to load kernel module",
        "iptables or a kernel module the daemon needs is unavailable (missing module, wrong iptables backend, or"
            + " a container without NET_ADMIN/privileges)",
        "on the node check lsmod for br_netfilter, overlay, ip_tables/nf_tables and vxlan, and whether iptables"
            + " -V says legacy or nf_tables on both host and daemon image"),
    ADDRESS_IN_USE("address already in use",
        "a port the daemon binds on the host is taken by another process (hostNetwork: health, metrics or BGP"
            + " ports)",
        "on the node, ss -lntup to find the process holding the port, then stop it or move the daemon's port");

    /** A few words naming the cause, for titles. */
    public String cause() {
      return switch (this) {
        case SELINUX_CNI_DIR -> "SELinux blocks the CNI install";
        case NO_POD_CIDR -> "node has no pod CIDR";
        case API_UNREACHABLE -> "API server unreachable";
        case IPTABLES_OR_MODULES -> "iptables or kernel module unavailable";
        case ADDRESS_IN_USE -> "host port already in use";
      };
    }

    private final Pattern pattern;
    private final String meaning;
    private final String remedy;

    Signature(String regex, String meaning, String remedy) {
      this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
      this.meaning = meaning;
      this.remedy = remedy;
    }

    public String meaning() {
      return meaning;
    }

    public String remedy() {
      return remedy;
    }
  }

  /** One matching line: 1-based line number in the log. */
  public record Hit(Signature signature, ContainerLog log, int line, String text) {}

  /** The first line of each signature in the log, in signature order. */
  public static List<Hit> scan(ContainerLog log) {
    List<Hit> hits = new ArrayList<>();
    for (Signature s : Signature.values()) {
      for (int i = 0; i < log.lines().size(); i++) {
        if (s.pattern.matcher(log.lines().get(i)).find()) {
          hits.add(new Hit(s, log, i + 1, log.lines().get(i).strip()));
          break;
        }
      }
    }
    return hits;
  }
}
