#!/bin/sh
# Usage: hairpin.sh BRNF(0|1) HAIRPIN(on|off) TAG
# One node namespace with a bridge and one pod namespace on a veth port; the pod reaches itself through a DNATed
# "ClusterIP" (kube-proxy's shape: DNAT in PREROUTING, MASQUERADE of the hairpin in POSTROUTING). Prints ok or timeout.
set -e
H=pwk-hp-$3-node; P=pwk-hp-$3-pod
cleanup() { ip netns del "$H" 2>/dev/null || true; ip netns del "$P" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$H"; ip netns add "$P"
ip -n "$H" link add br0 type bridge; ip -n "$H" addr add 10.9.0.1/24 dev br0; ip -n "$H" link set br0 up
ip -n "$H" link add vethp type veth peer name eth0 netns "$P"
ip -n "$H" link set vethp master br0; ip -n "$H" link set vethp up
ip -n "$P" addr add 10.9.0.2/24 dev eth0; ip -n "$P" link set eth0 up; ip -n "$P" link set lo up
ip -n "$P" route add default via 10.9.0.1
ip netns exec "$H" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$H" sysctl -qw net.bridge.bridge-nf-call-iptables="$1"
ip netns exec "$H" iptables -t nat -A PREROUTING -d 10.96.0.99/32 -p tcp --dport 80 -j DNAT --to-destination 10.9.0.2:8080
ip netns exec "$H" iptables -t nat -A POSTROUTING -s 10.9.0.2/32 -d 10.9.0.2/32 -j MASQUERADE
ip -n "$H" link set vethp type bridge_slave hairpin "$2"
ip netns exec "$P" python3 -m http.server 8080 --bind 10.9.0.2 >/dev/null 2>&1 &
SRV=$!
sleep 1
if ip netns exec "$P" timeout 5 python3 -c "import urllib.request;urllib.request.urlopen('http://10.96.0.99/',timeout=2)" 2>/dev/null
then echo ok; else echo timeout; fi
kill "$SRV" 2>/dev/null || true
