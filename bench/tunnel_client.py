#!/usr/bin/env python3
"""New-connection load client for bench/run.sh: each request opens a fresh TCP connection
(optionally CONNECT through a proxy), does a full TLS handshake (no session reuse) and one GET,
then closes. Fixed concurrency, bounded count and time. Prints one JSON line.

The same client runs against every setup, so its own cost (Python + OpenSSL, reported as
client_cpu_ms_per_request) is the same for all of them."""

import argparse
import json
import resource
import socket
import ssl
import threading
import time


def read_head(sock, limit=65536):
    """Reads up to the end of an HTTP head; returns (head bytes, bytes already read past it)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(16384)
        if not chunk:
            raise ConnectionError("connection closed before the end of the response head")
        data += chunk
        if len(data) > limit:
            raise ConnectionError("response head too large")
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def status_of(head):
    parts = head.split(b"\r\n", 1)[0].split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 else 0


def content_length(head):
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    raise ConnectionError("response without Content-Length")


def one_request(args, context):
    """One CONNECT (if proxied) + TLS handshake + GET; raises on any failure."""
    address = (args.proxy_host, args.proxy_port) if args.proxy_port else (args.connect_addr, args.port)
    with socket.create_connection(address, timeout=args.io_timeout) as raw:
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if args.proxy_port:
            authority = f"{args.host}:{args.port}"
            raw.sendall(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n".encode())
            head, rest = read_head(raw)
            if status_of(head) != 200:
                status_line = head.split(b"\r\n", 1)[0].decode(errors="replace")
                raise ConnectionError(f"CONNECT answered {status_line}")
            if rest:
                raise ConnectionError("bytes after the CONNECT response")
        with context.wrap_socket(raw, server_hostname=args.host) as tls:
            tls.sendall(f"GET {args.path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\nConnection: close\r\n\r\n".encode())
            head, body = read_head(tls)
            status = status_of(head)
            if status != 200:
                raise ConnectionError(f"GET answered {status}")
            remaining = content_length(head) - len(body)
            while remaining > 0:
                chunk = tls.recv(65536)
                if not chunk:
                    raise ConnectionError("body cut short")
                remaining -= len(chunk)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", required=True, help="TLS server name and request authority host")
    parser.add_argument("--port", type=int, required=True, help="destination port")
    parser.add_argument("--connect-addr", default="127.0.0.1", help="address dialled when no proxy is used")
    parser.add_argument("--proxy-host", default="127.0.0.1")
    parser.add_argument("--proxy-port", type=int, default=0, help="0 = connect directly")
    parser.add_argument("--path", default="/small")
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--count", type=int, default=2000, help="requests to send at most")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--max-seconds", type=float, default=12.0, help="stop starting new requests after this")
    parser.add_argument("--io-timeout", type=float, default=10.0)
    args = parser.parse_args()

    context = ssl.create_default_context(cafile=args.cafile)
    # Full handshake every time: tickets off, and no session object is ever reused.
    context.options |= ssl.OP_NO_TICKET

    lock = threading.Lock()
    state = {"started": 0, "ok": 0, "failed": 0, "first_error": None}
    latencies = []
    deadline = time.monotonic() + args.max_seconds

    def worker():
        while True:
            with lock:
                if state["started"] >= args.count or time.monotonic() >= deadline:
                    return
                state["started"] += 1
            began = time.monotonic()
            try:
                one_request(args, context)
                elapsed = time.monotonic() - began
                with lock:
                    state["ok"] += 1
                    latencies.append(elapsed)
            except (OSError, ConnectionError, ValueError) as error:
                with lock:
                    state["failed"] += 1
                    state["first_error"] = state["first_error"] or repr(error)

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    began = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)

    latencies.sort()

    def percentile(p):
        if not latencies:
            return None
        return round(1000 * latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))], 2)

    done = state["ok"] + state["failed"]
    print(json.dumps({
        "ok": state["ok"],
        "failed": state["failed"],
        "seconds": round(wall, 3),
        "per_second": round(state["ok"] / wall, 1) if wall > 0 else 0,
        "p50_ms": percentile(50),
        "p99_ms": percentile(99),
        "client_cpu_ms_per_request": round(1000 * cpu / done, 3) if done else None,
        "first_error": state["first_error"],
    }))


if __name__ == "__main__":
    main()
