#!/usr/bin/env python3
"""Sends real probes from the network namespace it runs in, all at once, and prints their outcomes as JSON.

  probe.py < probes.json      (a JSON list of probes, as in topology.json; prints the list with outcomes)

Each probe ends as exactly one of:
  ok          the answer came and was right (HTTP 200 with the expected body size; the expected DNS A record)
  timeout     nothing came back in time (a silent drop somewhere: policy DROP, no route, no forwarding)
  refused     a TCP RST: the destination host is up but nothing listens (e.g. a NodePort kube-proxy never opened)
  rejected    an ICMP error came back (REJECT rules answer with ICMP port-unreachable; routers with host-unreachable)
  unreachable this namespace itself has no route for the destination
  error       something came back but it was wrong (status, size, DNS answer)
A probe with "attempts": N is sent N times at once (kube-proxy picks endpoints at random); its outcome is the common
outcome of its attempts, or "mixed", and every attempt is listed. The ICMP sender is told in "detail", read from
the socket error queue (IP_RECVERR), which is how a REJECT is told apart from a RST.
"""
import errno
import json
import os
import socket
import struct
import sys
import threading
import time

CONNECT_TIMEOUT = 1.5
READ_TIMEOUT = 2.0
IP_RECVERR = getattr(socket, "IP_RECVERR", 11)
MSG_ERRQUEUE = getattr(socket, "MSG_ERRQUEUE", 0x2000)


def icmp_error(s):
    """The ICMP error queued on the socket, as text, or None."""
    try:
        s.setblocking(False)  # with a timeout set, Python would first wait that long for the socket to be readable
        _, anc, _, _ = s.recvmsg(512, 512, MSG_ERRQUEUE)
    except OSError:
        return None
    for level, typ, data in anc:
        if level == socket.SOL_IP and typ == IP_RECVERR and len(data) >= 32:
            ee_errno, origin, itype, code = struct.unpack("=IBBB", data[:7])
            if origin == 2:  # SO_EE_ORIGIN_ICMP
                offender = socket.inet_ntoa(data[20:24])
                return f"ICMP type {itype} code {code} from {offender} ({os.strerror(ee_errno)})"
    return None


def failed(s, e):
    if isinstance(e, socket.timeout):
        return "timeout", "no answer within the timeout"
    icmp = icmp_error(s)
    if icmp:
        return "rejected", icmp
    if e.errno == errno.ECONNREFUSED:
        return "refused", "TCP RST (connection refused)"
    if e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return "unreachable", os.strerror(e.errno)
    return "error", str(e)


def bind_src(s, p):
    """An external client's probes leave from its own address ("src"), not the namespace's primary one."""
    if p.get("src"):
        s.bind((p["src"], 0))


def tcp_connect(p):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_IP, IP_RECVERR, 1)
    s.settimeout(CONNECT_TIMEOUT)
    try:
        bind_src(s, p)
        s.connect((p["dst"], p["port"]))
    except OSError as e:
        r = failed(s, e)
        s.close()
        return None, r
    s.settimeout(READ_TIMEOUT)
    return s, None


def read_all(s):
    data = b""
    deadline = time.monotonic() + READ_TIMEOUT
    while time.monotonic() < deadline:
        chunk = s.recv(65536)
        if not chunk:
            return data, True
        data += chunk
    return data, False


def http(p):
    s, r = tcp_connect(p)
    if r:
        return r
    try:
        s.sendall(f"GET {p.get('path', '/')} HTTP/1.0\r\nHost: {p['dst']}\r\n\r\n".encode())
        data, complete = read_all(s)
    except OSError as e:
        return failed(s, e)
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode(errors="replace")
    if not complete:
        return "timeout", f"answer incomplete after {len(data)} bytes"
    if " 200 " not in status + " ":
        return "error", f"status line {status!r}"
    want = p.get("size")
    if want is not None and len(body) != want:
        return "error", f"body of {len(body)} bytes, expected {want}"
    return "ok", f"{len(body)} bytes" if want else body.decode(errors="replace").strip()


def dns_query(p):
    qid = int.from_bytes(os.urandom(2), "big")
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in p["qname"].split("."):
        q += bytes([len(label)]) + label.encode()
    return qid, q + b"\x00" + struct.pack("!HH", 1, 1)


def dns_check(p, qid, a):
    rid, flags, _, an = struct.unpack("!HHHH", a[:8])
    if rid != qid:
        return "error", "answer with another id"
    if flags & 0xF:
        return "error", f"rcode {flags & 0xF}"
    ip = socket.inet_ntoa(a[-4:]) if an else None
    if ip != p["expect"]:
        return "error", f"answer {ip}, expected {p['expect']}"
    return "ok", f"{p['qname']} A {ip}"


def dns_udp(p):
    qid, q = dns_query(p)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_IP, IP_RECVERR, 1)
    s.settimeout(CONNECT_TIMEOUT)
    try:
        bind_src(s, p)
        s.connect((p["dst"], p["port"]))
        s.send(q)
        return dns_check(p, qid, s.recv(4096))
    except OSError as e:
        return failed(s, e)
    finally:
        s.close()


def dns_tcp(p):
    qid, q = dns_query(p)
    s, r = tcp_connect(p)
    if r:
        return r
    try:
        s.sendall(struct.pack("!H", len(q)) + q)
        data, _ = read_all(s)
    except OSError as e:
        return failed(s, e)
    finally:
        s.close()
    if len(data) < 14:
        return "timeout", f"answer incomplete after {len(data)} bytes"
    return dns_check(p, qid, data[2:])


KINDS = {"http": http, "dns-udp": dns_udp, "dns-tcp": dns_tcp}


def run(p):
    start = time.monotonic()
    attempts = [None] * p.get("attempts", 1)

    def attempt(i):
        outcome, detail = KINDS[p["kind"]](p)
        attempts[i] = {"outcome": outcome, "detail": detail}
    # attempts run side by side, like clients of a service, so a broken path costs one timeout, not N
    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(attempts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = {a["outcome"] for a in attempts}
    p["outcome"] = outcomes.pop() if len(outcomes) == 1 else "mixed"
    p["detail"] = attempts[0]["detail"] if len(attempts) == 1 else "; ".join(
        f"{a['outcome']}: {a['detail']}" for a in attempts)
    if len(attempts) > 1:
        p["attemptOutcomes"] = attempts
    p["elapsedMs"] = int((time.monotonic() - start) * 1000)


def main():
    probes = json.load(sys.stdin)
    threads = [threading.Thread(target=run, args=(p,)) for p in probes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump(probes, sys.stdout)


if __name__ == "__main__":
    main()
