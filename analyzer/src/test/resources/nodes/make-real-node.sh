#!/bin/sh
# Regenerates real-node1/: the real collector-scripts/packetwalk-node run inside a scratch "node" network namespace
# (bridge cni0 with one pod veth, a flannel.1 VXLAN device with a route to one other node's podCIDR, kube-proxy-like
# iptables rules, FORWARD policy DROP, ip_forward=0, and traffic so counters move). Needs root and ip netns.
# Usage: sh make-real-node.sh REPO_ROOT   (writes ./real-node1/, removes every namespace it made)
set -eu
repo=${1:?repo root}
out=$(pwd)/real-node1
n=pwrn-node; p=pwrn-pod
work=$(mktemp -d)
cleanup() { umount "$work/host/run/netns/$p" 2>/dev/null || true; kill $(cat "$work"/pids 2>/dev/null) 2>/dev/null || true; ip netns del $p 2>/dev/null || true; ip netns del $n 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ip netns add $n; ip netns add $p
ip -n $n link set lo up; ip -n $p link set lo up
ip -n $n link add ens3 type veth peer name ens3-peer; ip -n $n addr add 192.168.56.11/24 dev ens3; ip -n $n link set ens3 up; ip -n $n link set ens3-peer up
ip -n $n link add cni0 type bridge; ip -n $n addr add 10.244.1.1/24 dev cni0; ip -n $n link set cni0 up
ip -n $n link add veth1a2b3c4d type veth peer name eth0 netns $p
ip -n $n link set veth1a2b3c4d master cni0 up
ip -n $p addr add 10.244.1.5/24 dev eth0; ip -n $p link set eth0 up; ip -n $p route add default via 10.244.1.1
ip -n $n link add flannel.1 type vxlan id 1 local 192.168.56.11 dev ens3 dstport 8472 nolearning 2>/dev/null \
  && { ip -n $n addr add 10.244.1.0/32 dev flannel.1; ip -n $n link set flannel.1 up;
       ip -n $n route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink;
       ip -n $n neigh add 10.244.2.0 lladdr 46:af:62:75:ec:ee dev flannel.1 nud permanent;
       bridge -n $n fdb append 46:af:62:75:ec:ee dev flannel.1 dst 192.168.56.12; } || echo "no vxlan: flannel.1 skipped" >&2
ip -n $n route add 10.96.0.0/12 dev cni0
ip netns exec $n sysctl -qw net.ipv4.ip_forward=0
cat > "$work/rules" <<'RULES'
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-SVC-6TDTQ5K4QVU5N6SG - [0:0]
:KUBE-SEP-AAAAAAAAAAAAAAAA - [0:0]
:KUBE-SEP-BBBBBBBBBBBBBBBB - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-6TDTQ5K4QVU5N6SG
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-SVC-6TDTQ5K4QVU5N6SG -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-AAAAAAAAAAAAAAAA
-A KUBE-SVC-6TDTQ5K4QVU5N6SG -m comment --comment "default/web:http -> 10.244.1.9:8080" -j KUBE-SEP-BBBBBBBBBBBBBBBB
-A KUBE-SEP-AAAAAAAAAAAAAAAA -s 10.244.1.5/32 -m comment --comment "default/web:http" -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SEP-AAAAAAAAAAAAAAAA -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-BBBBBBBBBBBBBBBB -s 10.244.1.9/32 -m comment --comment "default/web:http" -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SEP-BBBBBBBBBBBBBBBB -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.9:8080
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -d 10.244.1.77/32 -j DROP
-A KUBE-SERVICES -d 10.96.0.30/32 -p tcp -m comment --comment "default/api:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable
COMMIT
RULES
ip netns exec $n iptables-restore < "$work/rules"
# traffic: the DROP rule and the REJECT rule count packets between the two samples
ip netns exec $n python3 -c '
import socket, time
while True:
    for dst in ("10.244.1.77", "10.96.0.30"):
        s = socket.socket(); s.settimeout(0.1)
        try: s.connect((dst, 80))
        except OSError: pass
        s.close()
    time.sleep(0.1)
' &
echo $! >> "$work/pids"
sleep 1
mkdir -p "$work/host/run/netns"; touch "$work/host/run/netns/$p"; mount --bind /run/netns/$p "$work/host/run/netns/$p"
mkdir -p "$work/host/etc/cni/net.d" "$work/host/run/flannel" "$work/host/var/lib/kubelet"
printf '{"name":"cbr0","cniVersion":"0.3.1","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}}]}\n' > "$work/host/etc/cni/net.d/10-flannel.conflist"
printf 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n' > "$work/host/run/flannel/subnet.env"
printf 'nameserver 10.0.0.2\n' > "$work/host/etc/resolv.conf"
printf 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\n' > "$work/host/var/lib/kubelet/config.yaml"
ip netns exec $n "$repo/collector-scripts/packetwalk-node" --node-name node1 --output "$work/node1.tar.gz" \
  --host-root "$work/host" --host-tools current --counter-interval 2 --timeout 10 2> "$work/err" || { cat "$work/err"; exit 1; }
rm -rf "$out"; mkdir -p "$out"; tar -xzf "$work/node1.tar.gz" -C "$out"
echo "wrote $out"
