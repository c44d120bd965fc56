#!/usr/bin/env bash
# Recreates netns-handshakes.pcap: real tcpdump on a veth pair between two network namespaces (run as root).
#  1. client -> 10.200.0.2:8080, nothing listening          -> RST in reply to SYN  (refused)
#  2. client -> 10.200.0.2:9090, iptables DROP in the server -> SYNs unanswered
#  3. client -> 10.200.0.2:7070, iptables REJECT icmp-port-unreachable -> rejected (kube-proxy "no endpoints")
set -eu
OUT=${1:-netns-handshakes.pcap}
ip netns add pw-cli; ip netns add pw-srv
trap 'ip netns del pw-cli; ip netns del pw-srv' EXIT
ip link add pw-c type veth peer name pw-s
ip link set pw-c netns pw-cli; ip link set pw-s netns pw-srv
ip -n pw-cli addr add 10.200.0.1/24 dev pw-c; ip -n pw-srv addr add 10.200.0.2/24 dev pw-s
ip -n pw-cli link set pw-c up; ip -n pw-srv link set pw-s up
ip netns exec pw-srv iptables -A INPUT -p tcp --dport 9090 -j DROP
ip netns exec pw-srv iptables -A INPUT -p tcp --dport 7070 -j REJECT --reject-with icmp-port-unreachable
ip netns exec pw-cli tcpdump -i pw-c -U -w "$OUT" 'tcp or icmp' 2>/dev/null & TD=$!
sleep 1
ip netns exec pw-cli timeout 2 bash -c 'exec 3<>/dev/tcp/10.200.0.2/8080' 2>/dev/null || true
ip netns exec pw-cli timeout 3 bash -c 'exec 3<>/dev/tcp/10.200.0.2/9090' 2>/dev/null || true
ip netns exec pw-cli timeout 2 bash -c 'exec 3<>/dev/tcp/10.200.0.2/7070' 2>/dev/null || true
sleep 1
kill $TD; wait $TD 2>/dev/null || true
