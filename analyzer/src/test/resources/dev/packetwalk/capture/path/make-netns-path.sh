#!/usr/bin/env bash
# Recreates the four-point path captures of this directory (run as root): real tcpdump at the four capture points
# of packetwalk-collect --capture-path on a two-node path made of network namespaces:
#
#   client pod 10.244.1.20 --vethc-- node-1 (eth0 10.0.0.11) --underlay veth-- node-2 (eth0 10.0.0.12) --veths-- server pod 10.244.2.21
#
# node-1 does what kube-proxy does for a ClusterIP: DNAT 10.96.0.50:80 -> 10.244.2.21:8080 (and :53/udp -> :5353),
# and masquerades pod traffic leaving by eth0, so every point after client-veth sees other addresses and ports.
# Points: client-veth = node-1's vethc, client-underlay = node-1's eth0, server-underlay = node-2's eth0,
# server-veth = node-2's veths. One directory per scenario:
#   healthy        TCP request/response, a DNS query over UDP, a ping of the server pod: all delivered
#   server-drop    node-2 FORWARD DROP to the server pod's :8080          -> lost on node-2 (request)
#   not-answered   the server pod's own INPUT DROP of :8080               -> reaches the server veth, never answered
#   reply-drop     node-2 FORWARD DROP from the server pod's :8080        -> the answer is lost on node-2
#   client-reject  node-1 FORWARD REJECT to 10.244.2.21:8080 (port-unreachable, kube-proxy's "no endpoints" shape)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
P=pwp
NS="cpod n1 n2 spod"
cleanup() { for n in $NS; do ip netns pids $P-$n 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns del $P-$n 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
for n in $NS; do ip netns add $P-$n; ip -n $P-$n link set lo up; done
ip link add vethc netns $P-n1 type veth peer name eth0 netns $P-cpod
ip link add eth0 netns $P-n1 type veth peer name eth0 netns $P-n2
ip link add veths netns $P-n2 type veth peer name eth0 netns $P-spod
ip -n $P-cpod addr add 10.244.1.20/24 dev eth0; ip -n $P-cpod link set eth0 up
ip -n $P-cpod route add default via 10.244.1.1
ip -n $P-n1 addr add 10.244.1.1/24 dev vethc; ip -n $P-n1 link set vethc up
ip -n $P-n1 addr add 10.0.0.11/24 dev eth0; ip -n $P-n1 link set eth0 up
ip -n $P-n1 route add 10.244.2.0/24 via 10.0.0.12
ip -n $P-n2 addr add 10.0.0.12/24 dev eth0; ip -n $P-n2 link set eth0 up
ip -n $P-n2 addr add 10.244.2.1/24 dev veths; ip -n $P-n2 link set veths up
ip -n $P-n2 route add 10.244.1.0/24 via 10.0.0.11
ip -n $P-spod addr add 10.244.2.21/24 dev eth0; ip -n $P-spod link set eth0 up
ip -n $P-spod route add default via 10.244.2.1
for n in n1 n2; do ip netns exec $P-$n sysctl -qw net.ipv4.ip_forward=1; done
ip netns exec $P-n1 iptables -t nat -A PREROUTING -d 10.96.0.50 -p tcp --dport 80 -j DNAT --to-destination 10.244.2.21:8080
ip netns exec $P-n1 iptables -t nat -A PREROUTING -d 10.96.0.50 -p udp --dport 53 -j DNAT --to-destination 10.244.2.21:5353
ip netns exec $P-n1 iptables -t nat -A POSTROUTING -s 10.244.1.0/24 -o eth0 -j MASQUERADE

# the server pod: TCP 8080 answers each line with "pong", UDP 5353 echoes the query with the QR bit set
ip netns exec $P-spod python3 -c '
import socket, threading
def tcp():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0", 8080)); s.listen()
    while True:
        c, _ = s.accept(); c.recv(100); c.sendall(b"pong\n"); c.close()
threading.Thread(target=tcp, daemon=True).start()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("0.0.0.0", 5353))
while True:
    q, a = u.recvfrom(512); u.sendto(q[:2] + bytes([q[2] | 0x80]) + q[3:], a)
' &
sleep 0.5

client() {
  ip netns exec $P-cpod python3 -c '
import socket, sys
s = socket.socket(); s.settimeout(2)
try:
    s.connect(("10.96.0.50", 80)); s.sendall(b"ping\n"); print("tcp", s.recv(100))
except OSError as e:
    print("tcp", e)
if "dns" in sys.argv:
    q = bytes.fromhex("4a2b01000001000000000000") + b"\x03web\x04shop\x03svc\x07cluster\x05local\x00" + bytes.fromhex("00010001")
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(2)
    u.sendto(q, ("10.96.0.50", 53)); print("dns", len(u.recv(512)))
if "icmp" in sys.argv:  # one echo request to the server pod (id 0x4242 seq 1), as ping sends it
    r = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); r.settimeout(2)
    m = bytearray(b"\x08\x00\x00\x00\x42\x42\x00\x01" + b"packetwalk-path")
    c = sum(int.from_bytes(m[i:i + 2], "big") for i in range(0, len(m) - 1, 2)) + (m[-1] << 8 if len(m) % 2 else 0)
    while c >> 16: c = (c & 0xffff) + (c >> 16)
    m[2:4] = (~c & 0xffff).to_bytes(2, "big")
    r.sendto(bytes(m), ("10.244.2.21", 0)); print("icmp", len(r.recv(512)))
' "$@"
}

scenario() {
  local name=$1; shift
  local dir=$HERE/$name
  mkdir -p "$dir"
  ip netns exec $P-n1 tcpdump -i vethc -U -s 256 -w "$dir/client-veth.pcap" 2>/dev/null & local t1=$!
  ip netns exec $P-n1 tcpdump -i eth0 -U -s 256 -w "$dir/client-underlay.pcap" 2>/dev/null & local t2=$!
  ip netns exec $P-n2 tcpdump -i eth0 -U -s 256 -w "$dir/server-underlay.pcap" 2>/dev/null & local t3=$!
  ip netns exec $P-n2 tcpdump -i veths -U -s 256 -w "$dir/server-veth.pcap" 2>/dev/null & local t4=$!
  sleep 1
  "$@"
  sleep 1
  kill -INT $t1 $t2 $t3 $t4; wait $t1 $t2 $t3 $t4 2>/dev/null || true
}

scenario healthy bash -c "$(declare -f client); P=$P; client dns icmp"
ip netns exec $P-n2 iptables -A FORWARD -d 10.244.2.21 -p tcp --dport 8080 -j DROP
scenario server-drop bash -c "$(declare -f client); P=$P; client"
ip netns exec $P-n2 iptables -F FORWARD
ip netns exec $P-spod iptables -A INPUT -p tcp --dport 8080 -j DROP
scenario not-answered bash -c "$(declare -f client); P=$P; client"
ip netns exec $P-spod iptables -F INPUT
ip netns exec $P-n2 iptables -A FORWARD -s 10.244.2.21 -p tcp --sport 8080 -j DROP
scenario reply-drop bash -c "$(declare -f client); P=$P; client"
ip netns exec $P-n2 iptables -F FORWARD
ip netns exec $P-n1 iptables -A FORWARD -d 10.244.2.21 -p tcp --dport 8080 -j REJECT --reject-with icmp-port-unreachable
scenario client-reject bash -c "$(declare -f client); P=$P; client"
