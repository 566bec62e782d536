#!/usr/bin/env python3
"""fcgi_client.py - run one FastCGI page program as mod_fcgid does (a listening Unix socket on
its standard input) and send it N copies of one request, one connection each; prints the status
line of the last answer and its body to stdout. The bench counts a FastCGI request's instructions
with it: callgrind around the program, N and N+K requests, the difference divided by K.

Usage: fcgi_client.py N METHOD BODY_FILE ACCEPT -- PROGRAM...   (the request's
variables: a plain POST or GET, and every TWITOFF_* variable of this environment, as
mod_fcgid passes FcgidInitialEnv)
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time


def record(kind, content, req=1):
    pad = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBB", 1, kind, req, len(content), pad, 0) + content + b"\0" * pad


def pair(name, value):
    def length(n):
        return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(len(name)) + length(len(value)) + name + value


def ask(path, params, body):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect(path)
    out = record(1, struct.pack(">HB5x", 1, 0))
    out += record(4, b"".join(pair(k, v) for k, v in params.items())) + record(4, b"")
    for i in range(0, len(body), 65535):
        out += record(5, body[i:i + 65535])
    out += record(5, b"")
    s.sendall(out)
    data, got = b"", b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
    s.close()
    while len(got) >= 8:
        _, kind, _, n, pad, _ = struct.unpack(">BBHHBB", got[:8])
        if kind == 6:
            data += got[8:8 + n]
        got = got[8 + n + pad:]
    return data


def main():
    n, method, body_file, accept = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    prog = sys.argv[sys.argv.index("--") + 1:]
    body = open(body_file, "rb").read() if body_file != "-" else b""
    params = {"GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "PATH_INFO": "",
              "QUERY_STRING": "", "CONTENT_TYPE": "application/x-www-form-urlencoded",
              "CONTENT_LENGTH": str(len(body)), "HTTP_ACCEPT": accept, "SERVER_PROTOCOL": "HTTP/1.1"}
    params.update({k: v for k, v in os.environ.items() if k.startswith("TWITOFF_")})
    d = tempfile.mkdtemp(prefix="twitoff-fcgi-")
    path = os.path.join(d, "sock")
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(path)
    ls.listen(8)
    child = subprocess.Popen(prog, stdin=ls.fileno(), stdout=subprocess.DEVNULL)
    ls.close()
    answer = b""
    try:
        for _ in range(n):
            answer = ask(path, params, body)
    finally:
        time.sleep(0.3)   # into accept() again: a tracer (valgrind) then ends it cleanly
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        os.unlink(path)
        os.rmdir(d)
    sys.stdout.buffer.write(answer)


if __name__ == "__main__":
    main()
