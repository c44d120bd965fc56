#!/bin/sh
# Builds a scratch network namespace shaped like a pod (eth0 veth, 10.9.0.2/24 and fd00::2/64), starts real
# listeners in it (python3 http.server and plain sockets: IPv4 on one address, dual-stack ::, IPV6_V6ONLY ::,
# SO_BINDTODEVICE lo and eth0, UDP, plus one established TCP connection and one connected UDP socket that must not
# count as listeners) and captures `ss -ltnup`, `ss -ltn`, `ss -lun`, `ss -ltnu` and /proc/net/{tcp,tcp6,udp,udp6}.
# Run as root. Usage: make.sh [OUTDIR]   The namespace and the processes are removed at the end, even on failure.
set -eu
OUT=${1:-$(dirname "$0")}
NS=pw-ss${PW_NETNS_SUFFIX:-}
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT
cleanup
ip netns add "$NS"
n() { ip netns exec "$NS" "$@"; }
n ip link set lo up
n ip link add eth0 type veth peer name peer0
n ip link set eth0 up; n ip link set peer0 up
n ip addr add 10.9.0.2/24 dev eth0
n ip -6 addr add fd00::2/64 dev eth0 nodad
# started without the n() wrapper so that $! is python itself (ip netns exec execs it) and the trap can kill it
ip netns exec "$NS" python3 -m http.server 8080 --bind 10.9.0.2 >/dev/null 2>&1 & PIDS="$PIDS $!"
ip netns exec "$NS" python3 -m http.server 80 --bind :: >/dev/null 2>&1 & PIDS="$PIDS $!"
ip netns exec "$NS" python3 -c '
import socket, time
S = socket.SOL_SOCKET; BIND = 25  # SO_BINDTODEVICE
def sock(fam, typ, addr, dev=None, v6only=False, listen=True):
    s = socket.socket(fam, typ)
    if dev: s.setsockopt(S, BIND, dev)
    if v6only: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind(addr)
    if listen and typ == socket.SOCK_STREAM: s.listen()
    return s
keep = [
    sock(socket.AF_INET, socket.SOCK_DGRAM, ("0.0.0.0", 5300)),
    sock(socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.53", 53), b"lo"),   # systemd-resolved style stub
    sock(socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.53", 53), b"lo"),
    sock(socket.AF_INET6, socket.SOCK_DGRAM, ("::", 5353)),
    sock(socket.AF_INET6, socket.SOCK_STREAM, ("fd00::2", 9000)),
    sock(socket.AF_INET, socket.SOCK_STREAM, ("0.0.0.0", 7000), b"eth0"),
    sock(socket.AF_INET6, socket.SOCK_STREAM, ("::", 8443), v6only=True),
]
time.sleep(1)
keep.append(socket.create_connection(("10.9.0.2", 8080)))          # ESTAB: not a listener
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.connect(("10.9.0.1", 9999)); keep.append(u)  # connected UDP
time.sleep(120)' >/dev/null 2>&1 & PIDS="$PIDS $!"
sleep 3
n ss -ltnup >"$OUT/ss-ltnup.txt"
n ss -ltn >"$OUT/ss-ltn.txt"
n ss -lun >"$OUT/ss-lun.txt"
n ss -ltnu >"$OUT/ss-ltnu.txt"
for t in tcp tcp6 udp udp6; do n cat "/proc/net/$t" >"$OUT/proc-net-$t.txt"; done
{ ss -V; uname -sr; } >"$OUT/VERSIONS.txt"
