#!/bin/sh
# Builds a scratch network namespace that looks like a small Kubernetes node (bridge cni0 with veth ports,
# a pod namespace, flannel-style vxlan, calico-style ipip, blackhole/ECMP/policy routes, FAILED and PERMANENT
# neighbours) and captures the real iproute2 output, text and JSON, into the directory given (default: here).
# Run as root. Usage: make.sh [OUTDIR]   The namespaces are deleted at the end, even on failure.
set -eu
OUT=${1:-$(dirname "$0")}
# PW_NETNS_SUFFIX keeps concurrent runs (two builds on one machine) out of each other's namespaces
S=${PW_NETNS_SUFFIX:-}
NS=pw-node$S; POD=pw-pod$S; NET=pw-net$S
cleanup() { for x in "$POD" "$NS" "$NET"; do ip netns del "$x" 2>/dev/null || true; done; }
trap cleanup EXIT
cleanup
ip netns add "$NS"; ip netns add "$POD"; ip netns add "$NET"
n() { ip netns exec "$NS" "$@"; }
# Some kernels (this sandbox's among them) lack dummy, vlan, ipip, gre...: try those and note what was skipped.
: > "$OUT/SKIPPED.txt"
try() { n "$@" 2>/dev/null || echo "skipped (kernel refused): $*" >> "$OUT/SKIPPED.txt"; }

n ip link set lo up
# eth0/eth1 are veths whose peers live in an "underlay" namespace, so ARP really goes somewhere
n ip link add eth0 type veth peer name up0 netns "$NET"
ip netns exec "$NET" ip link set up0 up
ip netns exec "$NET" ip addr add 192.168.50.1/24 dev up0
n ip link set eth0 up mtu 1500
n ip addr add 192.168.50.10/24 brd + dev eth0
n ip addr add 192.168.50.11/24 dev eth0 label eth0:vip
n ip -6 addr add 2001:db8:50::10/64 dev eth0 nodad
n ip link add cni0 type bridge
n ip link set cni0 up
n ip addr add 10.244.1.1/24 dev cni0
# pod veth: host side vethpod1 in the bridge, peer eth0 in the pod namespace
n ip link add vethpod1 type veth peer name ceth0 netns "$POD"
n ip link set vethpod1 master cni0 up
n bridge link set dev vethpod1 hairpin on
n ip link add vethpod2 type veth peer name vethpod2p
n ip link set vethpod2 master cni0 up
n ip link set vethpod2p up
n ip link set vethpod2 alias "pod two"
ip netns exec "$POD" ip link set ceth0 up
ip netns exec "$POD" ip addr add 10.244.1.5/24 dev ceth0
ip netns exec "$POD" ip route add default via 10.244.1.1
# flannel-style vxlan
n ip link add flannel.1 type vxlan id 1 local 192.168.50.10 dev eth0 dstport 8472 nolearning
n ip link set flannel.1 up mtu 1450
n ip addr add 10.244.1.0/32 dev flannel.1
n ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
n ip neigh add 10.244.2.0 lladdr 46:af:62:75:ec:ee dev flannel.1 nud permanent
n bridge fdb append 46:af:62:75:ec:ee dev flannel.1 dst 192.168.50.20 self permanent
# calico-style ipip tunnel and blackhole for the local block
try ip link add tunl0 type ipip remote any local any
try ip tunnel add ipip1 mode ipip remote 192.168.50.30 local 192.168.50.10 ttl 64
try ip link set tunl0 up mtu 1480
# without ipip, the calico-style onlink route goes via eth0 (calico no-encap mode)
try ip route add 10.244.3.0/26 via 192.168.50.30 dev tunl0 proto bird onlink || n ip route add 10.244.3.0/26 via 192.168.50.30 dev eth0 proto bird onlink
n ip route add blackhole 10.244.1.192/26 proto bird
n ip route add unreachable 10.99.0.0/16
n ip route add prohibit 10.98.0.0/16
# vlan on eth0
try ip link add link eth0 name eth0.57 type vlan protocol 802.1Q id 57
try ip link set eth0.57 up
try ip addr add 172.16.57.2/24 dev eth0.57
n ip link add link cni0 name mv0 type macvlan mode bridge
n ip link add ifb0 type ifb
n ip tuntap add mode tun name tun0
n ip link add eth1 type veth peer name up1 netns "$NET"
ip netns exec "$NET" ip link set up1 up
ip netns exec "$NET" ip addr add 192.168.60.1/24 dev up1
n ip link set eth1 up
n ip addr add 192.168.60.10/24 dev eth1
# ECMP, metric, mtu lock, throw in a named table, policy rules
n ip route add 10.50.0.0/16 nexthop via 192.168.50.1 dev eth0 weight 1 nexthop via 192.168.60.1 dev eth1 weight 2
n ip route add default via 192.168.50.1 dev eth0 metric 100
n ip route add 10.60.0.0/16 via 192.168.60.1 dev eth1 mtu lock 1400 src 192.168.60.10
n ip route add throw 10.70.0.0/16 table 100
n ip route add default via 192.168.60.1 dev eth1 table 100
n ip rule add pref 512 to 10.244.1.5 lookup main
n ip rule add pref 1025 not to 10.0.0.0/8 lookup main
n ip rule add pref 1536 from 10.244.1.5 lookup 100
n ip rule add pref 2000 fwmark 0x4000/0x4000 lookup 100
n ip rule add pref 2100 iif eth1 lookup main suppress_prefixlength 0
n ip rule add pref 2200 from 10.66.0.0/16 blackhole
n ip -6 route add 2001:db8:99::/64 via 2001:db8:50::1 dev eth0 metric 1024
n ip -6 rule add pref 1000 from 2001:db8:50::/64 lookup main
# neighbours: a FAILED one (probe a silent address), a PERMANENT one, a STALE-ish one
n ip neigh add 192.168.50.2 lladdr 02:00:00:00:00:02 dev eth0 nud permanent
n ip neigh add 192.168.50.3 lladdr 02:00:00:00:00:03 dev eth0 nud stale
# FAILED the honest way: send a datagram to an address nobody answers on the underlay and let ARP give up
# (~3 s); one to the underlay's own address gives a learned (REACHABLE/DELAY) entry. bash's /dev/udp needs no ping.
n bash -c 'echo x > /dev/udp/192.168.50.4/9; echo x > /dev/udp/192.168.50.1/9' || true
sleep 4
n ip neigh add 192.168.50.5 lladdr 02:00:00:00:00:05 dev eth0 router nud reachable

cap() { name=$1; shift; n "$@" > "$OUT/$name"; }
cap ip-d-link.txt ip -d link
cap ip-s-d-link.txt ip -s -d link
cap ip-d-link.json ip -j -d link
cap ip-s-d-link.json ip -j -s -d link
cap ip-d-addr.txt ip -d addr
cap ip-d-addr.json ip -j -d addr
cap ip-o-addr.txt ip -o addr
cap ip-route-table-all.txt ip route show table all
cap ip-route-table-all.json ip -j route show table all
cap ip-6-route-table-all.txt ip -6 route show table all
cap ip-6-route-table-all.json ip -j -6 route show table all
cap ip-rule.txt ip rule
cap ip-rule.json ip -j rule
cap ip-6-rule.txt ip -6 rule
cap ip-neigh.txt ip neigh
cap ip-s-s-neigh.txt ip -s -s neigh show
cap ip-neigh.json ip -j neigh
cap bridge-fdb.txt bridge fdb show
cap bridge-fdb-s-d.txt bridge -s -d fdb show
cap bridge-d-link.txt bridge -d link
cap bridge-fdb.json bridge -j fdb show
(ip -V; uname -r) > "$OUT/VERSIONS.txt"
