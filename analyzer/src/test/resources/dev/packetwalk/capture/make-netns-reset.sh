#!/usr/bin/env bash
# Recreates netns-reset.pcap: real tcpdump on a veth pair between two network namespaces (run as root).
# The client sends 20 lines over one connection; the server reads them and then aborts the connection
# (SO_LINGER 0), so the kernel ends it with a RST: a flow longer than a timeline, reset at its end.
set -eu
OUT=${1:-netns-reset.pcap}
ip netns add pw-cli; ip netns add pw-srv
trap 'ip netns del pw-cli; ip netns del pw-srv' EXIT
ip link add pw-c type veth peer name pw-s
ip link set pw-c netns pw-cli; ip link set pw-s netns pw-srv
ip -n pw-cli addr add 10.200.0.1/24 dev pw-c; ip -n pw-srv addr add 10.200.0.2/24 dev pw-s
ip -n pw-cli link set pw-c up; ip -n pw-srv link set pw-s up
ip netns exec pw-srv python3 -c '
import socket, struct
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.200.0.2", 8080)); s.listen(1)
c, _ = s.accept(); got = b""
while got.count(b"\n") < 20:
    got += c.recv(4096)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close()
' & SRV=$!
sleep 1
ip netns exec pw-cli tcpdump -i pw-c -U -w "$OUT" tcp 2>/dev/null & TD=$!
sleep 1
ip netns exec pw-cli python3 -c '
import socket, time
c = socket.create_connection(("10.200.0.2", 8080))
for i in range(20):
    c.send(b"line %d\n" % i); time.sleep(0.02)
time.sleep(0.5)
'
wait $SRV
sleep 1
kill $TD; wait $TD 2>/dev/null || true
