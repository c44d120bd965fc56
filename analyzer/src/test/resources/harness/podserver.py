#!/usr/bin/env python3
"""A pod's servers, run inside the pod's network namespace (standard library only).

  podserver.py --name POD --ip IP [--http PORT ...] [--dns NAME=IP ...]

--http: answers every GET with "ok POD" (GET /big: 102400 bytes, for the large-response probe; a
path MTU problem shows there first). --dns: a tiny authoritative responder on UDP and TCP 53 that
answers A queries for the given names and NXDOMAIN otherwise. Listens on the pod IP only, prints
"ready" once every socket listens, and runs until killed.
"""
import argparse
import socket
import struct
import sys
import threading

BIG = b"x" * 102400


def http(sock, name):
    while True:
        c, _ = sock.accept()
        threading.Thread(target=http_one, args=(c, name), daemon=True).start()


def http_one(c, name):
    try:
        c.settimeout(5)
        req = b""
        while b"\r\n\r\n" not in req and len(req) < 8192:
            chunk = c.recv(4096)
            if not chunk:
                break
            req += chunk
        path = req.split(b" ")[1] if req.count(b" ") >= 2 else b"/"
        body = BIG if path == b"/big" else f"ok {name}\n".encode()
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    except OSError:
        pass
    finally:
        c.close()


def dns_answer(query, records):
    """The response to one DNS query: A records from `records`, NXDOMAIN for other names."""
    qid, flags, qd = struct.unpack("!HHH", query[:6])
    i, labels = 12, []
    while query[i]:
        labels.append(query[i + 1:i + 1 + query[i]].decode())
        i += 1 + query[i]
    qtype, _ = struct.unpack("!HH", query[i + 1:i + 5])
    question = query[12:i + 5]
    ip = records.get(".".join(labels).lower())
    if ip and qtype == 1:
        ans = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 30, 4) + socket.inet_aton(ip)
        return struct.pack("!HHHHHH", qid, 0x8580 | (flags & 0x0100), 1, 1, 0, 0) + question + ans
    rcode = 0 if ip else 3
    return struct.pack("!HHHHHH", qid, 0x8580 | (flags & 0x0100) | rcode, 1, 0, 0, 0) + question


def dns_udp(sock, records):
    while True:
        data, addr = sock.recvfrom(4096)
        try:
            sock.sendto(dns_answer(data, records), addr)
        except (IndexError, struct.error, UnicodeDecodeError):
            pass


def dns_tcp(sock, records):
    while True:
        c, _ = sock.accept()
        try:
            c.settimeout(5)
            n = struct.unpack("!H", recv_exact(c, 2))[0]
            a = dns_answer(recv_exact(c, n), records)
            c.sendall(struct.pack("!H", len(a)) + a)
        except (OSError, IndexError, struct.error, UnicodeDecodeError):
            pass
        finally:
            c.close()


def recv_exact(c, n):
    b = b""
    while len(b) < n:
        chunk = c.recv(n - len(b))
        if not chunk:
            raise OSError("short read")
        b += chunk
    return b


def listen(ip, port, kind):
    s = socket.socket(socket.AF_INET, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    if kind == socket.SOCK_STREAM:
        s.listen(128)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--ip", required=True)
    ap.add_argument("--http", type=int, action="append", default=[])
    ap.add_argument("--dns", action="append", default=[])
    a = ap.parse_args()
    threads = []
    for port in a.http:
        threads.append((http, listen(a.ip, port, socket.SOCK_STREAM), a.name))
    if a.dns:
        records = dict(r.split("=", 1) for r in a.dns)
        threads.append((dns_udp, listen(a.ip, 53, socket.SOCK_DGRAM), records))
        threads.append((dns_tcp, listen(a.ip, 53, socket.SOCK_STREAM), records))
    for fn, sock, arg in threads:
        threading.Thread(target=fn, args=(sock, arg), daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
