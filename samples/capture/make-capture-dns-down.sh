#!/bin/sh
# Makes samples/capture-dns-down.tar.gz: the dns-down world (collected by the real packetwalk-collect
# from the stand-in API server) plus a node bundle of worker-1 made by the real packetwalk-node, with a
# real tcpdump capture at the veth of pod shop/web-6b8f9d4c7d-5kz8r (10.244.1.3) while that pod:
#   - sends a DNS query to kube-dns 10.96.0.10:53/udp, dropped (the world's default-deny-egress policy);
#   - opens TCP to 10.96.0.10:53, rejected with ICMP port unreachable (kube-proxy's "has no endpoints");
#   - pings 10.96.0.10 (a ClusterIP does not answer ping);
#   - connects to the node 10.244.1.1:81, where nothing listens (refused with RST);
#   - connects to 10.244.2.2:8080 on worker-2, dropped on the way (unanswered SYN).
# Needs root, ip netns, iptables, tcpdump, python3, kubectl. Usage: samples/capture/make-capture-dns-down.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
SAMPLES=$(dirname "$HERE")
REPO=$(dirname "$SAMPLES")
NODE_NS=pwcap-node$$
POD_NS=pwcap-pod$$
TMP=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID"; umount "$TMP/root/run/netns/web-5kz8r" 2>/dev/null; ip netns del "$POD_NS" 2>/dev/null; ip netns del "$NODE_NS" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
ip netns add "$NODE_NS"
ip netns add "$POD_NS"
ip -n "$NODE_NS" link set lo up
ip -n "$POD_NS" link set lo up
ip -n "$NODE_NS" link add cni0 type bridge
ip -n "$NODE_NS" addr add 10.244.1.1/24 dev cni0
ip -n "$NODE_NS" link set cni0 up
ip -n "$NODE_NS" link add veth5kz8r type veth peer name eth0 netns "$POD_NS"
ip -n "$NODE_NS" link set veth5kz8r master cni0 up
ip -n "$POD_NS" addr add 10.244.1.3/24 dev eth0
ip -n "$POD_NS" link set eth0 up
ip -n "$POD_NS" route add default via 10.244.1.1
# the rest of the cluster is behind a dummy "underlay": packets routed there vanish
ip -n "$NODE_NS" link add flannel.1 type veth peer name underlay0
ip -n "$NODE_NS" link set flannel.1 up
ip -n "$NODE_NS" link set underlay0 up
ip -n "$NODE_NS" neigh add 169.254.1.1 lladdr 02:00:00:00:00:01 dev flannel.1 nud permanent
ip -n "$NODE_NS" route add 169.254.1.1/32 dev flannel.1
ip -n "$NODE_NS" route add 10.96.0.0/12 via 169.254.1.1 dev flannel.1 onlink
ip -n "$NODE_NS" route add 10.244.2.0/24 via 169.254.1.1 dev flannel.1 onlink
ip netns exec "$NODE_NS" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$NODE_NS" iptables-restore <<'RULES'
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A FORWARD -s 10.244.1.3/32 -p udp --dport 53 -m comment --comment "shop/default-deny-egress" -j DROP
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp has no endpoints" -m tcp --dport 53 -j REJECT --reject-with icmp-port-unreachable
COMMIT
RULES
mkdir -p "$TMP/root/etc" "$TMP/root/run/netns"
: >"$TMP/root/run/netns/web-5kz8r"
mount --bind "/run/netns/$POD_NS" "$TMP/root/run/netns/web-5kz8r"
echo "nameserver 10.96.0.10" >"$TMP/root/etc/resolv.conf"
(
	sleep 2
	ip netns exec "$POD_NS" python3 - <<'PY'
import socket, struct, time
q = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + b"".join(bytes([len(p)]) + p for p in b"web.shop.svc.cluster.local".split(b".")) + b"\0" + struct.pack(">HH", 1, 1)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.sendto(q, ("10.96.0.10", 53)); time.sleep(0.3)
for addr in (("10.96.0.10", 53), ("10.244.1.1", 81), ("10.244.2.2", 8080)):
    s = socket.socket(); s.settimeout(1.5)
    try: s.connect(addr)
    except Exception: pass
    s.close(); time.sleep(0.3)
# ping 10.96.0.10 twice (no ping(8) needed)
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
for seq in (1, 2):
    h = struct.pack(">BBHHH", 8, 0, 0, 0x77, seq) + b"packetwalk"
    c = sum(struct.unpack(">%dH" % (len(h) // 2), h)); c = (c >> 16) + (c & 0xffff); c = ~(c + (c >> 16)) & 0xffff
    r.sendto(h[:2] + struct.pack(">H", c) + h[4:], ("10.96.0.10", 0)); time.sleep(1)
PY
) &
ip netns exec "$NODE_NS" env PATH="$PATH" "$REPO/collector-scripts/packetwalk-node" --node-name worker-1 \
	--host-root "$TMP/root" --host-tools current --counter-interval 0 --timeout 10 \
	--capture-seconds 9 --capture-iface netns/web-5kz8r --output "$TMP/worker-1.tar.gz"
wait
umount "$TMP/root/run/netns/web-5kz8r"
# the cluster part: the dns-down world from the stand-in API server, merged with the node bundle
python3 "$REPO/collector-scripts/test/fake-apiserver.py" --world "$SAMPLES/worlds/dns-down" \
	--kubeconfig-out "$TMP/kubeconfig" --context kind-demo >"$TMP/server.out" &
SERVER_PID=$!
i=0
while [ ! -s "$TMP/server.out" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
"$REPO/collector-scripts/packetwalk-collect" --kubeconfig "$TMP/kubeconfig" --timeout 10 \
	--node-bundle "$TMP/worker-1.tar.gz" --output "$SAMPLES/capture-dns-down.tar.gz"
echo "wrote samples/capture-dns-down.tar.gz"
