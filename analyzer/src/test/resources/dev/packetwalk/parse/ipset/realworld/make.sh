#!/bin/sh
# Creates, in a scratch network namespace, the ipsets kube-proxy's IPVS mode creates (names, types and comments as
# pkg/proxy/ipvs/ipset.go declares them) with members for a small cluster, plus a Calico-style hash:net with
# counters and a list:set, references them from iptables rules as kube-proxy does, and captures `ipset list`
# and `ipset list -terse`. Run as root. Usage: make.sh [OUTDIR]   The namespace is deleted at the end.
set -eu
OUT=${1:-$(dirname "$0")}
NS=pw-ipset${PW_NETNS_SUFFIX:-}
trap 'ip netns del "$NS" 2>/dev/null || true' EXIT
ip netns del "$NS" 2>/dev/null || true
ip netns add "$NS"
n() { ip netns exec "$NS" "$@"; }
n ipset create KUBE-LOOP-BACK hash:ip,port,ip comment
n ipset add KUBE-LOOP-BACK 10.244.1.10,tcp:8080,10.244.1.10 comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"
n ipset add KUBE-LOOP-BACK 10.244.1.20,tcp:8080,10.244.1.20
n ipset create KUBE-CLUSTER-IP hash:ip,port comment
n ipset add KUBE-CLUSTER-IP 10.96.0.1,tcp:443 comment "Kubernetes service cluster ip + port for masquerade purpose"
n ipset add KUBE-CLUSTER-IP 10.96.0.10,udp:53
n ipset add KUBE-CLUSTER-IP 10.96.0.10,tcp:53
n ipset add KUBE-CLUSTER-IP 10.96.100.80,tcp:80
n ipset create KUBE-EXTERNAL-IP hash:ip,port comment
n ipset create KUBE-LOAD-BALANCER hash:ip,port comment
n ipset add KUBE-LOAD-BALANCER 203.0.113.10,tcp:443
n ipset create KUBE-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net comment
n ipset add KUBE-LOAD-BALANCER-SOURCE-CIDR 203.0.113.10,tcp:443,198.51.100.0/24
n ipset create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 comment
n ipset add KUBE-NODE-PORT-TCP 30080
n ipset add KUBE-NODE-PORT-TCP 31443
n ipset create KUBE-NODE-PORT-LOCAL-TCP bitmap:port range 0-65535 comment
n ipset create KUBE-HEALTH-CHECK-NODE-PORT bitmap:port range 0-65535 comment
n ipset create KUBE-6-CLUSTER-IP hash:ip,port family inet6 comment
n ipset add KUBE-6-CLUSTER-IP fd00:10:96::a,udp:53
n ipset create cali40all-ipam-pools hash:net counters maxelem 1048576
n ipset add cali40all-ipam-pools 10.244.0.0/16
n ipset add cali40all-ipam-pools 192.168.0.0/16 nomatch
n ipset create pw-all list:set
n ipset add pw-all KUBE-CLUSTER-IP
n ipset add pw-all KUBE-LOAD-BALANCER
# kube-proxy's references (References: count rules using a set)
n iptables -t nat -N KUBE-SERVICES
n iptables -t nat -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
n iptables -t nat -A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT
n iptables -t nat -A KUBE-SERVICES -m set --match-set KUBE-NODE-PORT-TCP dst -j ACCEPT
n iptables -t nat -A KUBE-SERVICES -m set --match-set cali40all-ipam-pools src -j ACCEPT
# traffic through a counters set, so packets/bytes are real
n ip link set lo up
n ipset add cali40all-ipam-pools 127.0.0.0/8
n iptables -A OUTPUT -m set --match-set cali40all-ipam-pools dst -j ACCEPT
n python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b\"x\", (\"127.0.0.1\", 9)) for _ in range(2)]"
n ipset list >"$OUT/ipset-list-kube-proxy-ipvs.txt"
n ipset list -terse >"$OUT/ipset-list-terse.txt"
ipset version >"$OUT/VERSIONS.txt"; uname -sr >>"$OUT/VERSIONS.txt"
