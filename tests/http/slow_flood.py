#!/usr/bin/python3
"""slow_flood.py - a bounded slow-body flood against a loopback server, with a probe.

Usage: slow_flood.py PORT CONNECTIONS SECONDS [TIMELINE_FILE]
Opens CONNECTIONS connections to 127.0.0.1:PORT (150 a second), each sending the headers of a
POST /predict announcing a 100,000-byte body, then one byte a second, for SECONDS at most;
meanwhile, from the first connection on, a probe asks GET / on a fresh connection twice a second. Stops by itself after SECONDS and prints one line:
  opened=N cut=M cut_median_s=S probes=P probe_ok=K probe_max_ms=X
(cut: connections the server closed or answered before the end; probe_ok: probes answered 200).
"""
import socket, sys, threading, time

port, conns, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
HEAD = (b'POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\n'
        b'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n'
        b'screen_name_a=')
start = time.monotonic()
probes = []


def probe():
    while time.monotonic() - start < seconds - 1:
        t0 = time.monotonic()
        ok = False
        try:
            s = socket.create_connection(('127.0.0.1', port), timeout=5)
            s.sendall(b'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
            ok = s.recv(64).startswith(b'HTTP/1.1 200')
            s.close()
        except OSError:
            pass
        probes.append((ok, (time.monotonic() - t0) * 1000, t0 - start))
        time.sleep(0.5)


socks = []
t = threading.Thread(target=probe, daemon=True)
t.start()
for i in range(conns):
    if i % 30 == 29:
        time.sleep(0.2)   # 150 new connections a second: the flood is in place within 2 s
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=2)
        s.sendall(HEAD)
        s.setblocking(False)
        socks.append(s)
    except OSError:
        pass
opened = len(socks)
cut = []
while socks and time.monotonic() - start < seconds:
    time.sleep(1)
    for s in list(socks):
        try:
            if s.recv(4096) is not None:   # an answer (408) or end of file: the server cut it
                raise ConnectionError
        except BlockingIOError:
            try:
                s.send(b'x')
                continue
            except BlockingIOError:
                continue
            except OSError:
                pass
        except OSError:
            pass
        cut.append(time.monotonic() - start)
        socks.remove(s)
        s.close()
for s in socks:
    s.close()
t.join(timeout=6)
cut.sort()
median = cut[len(cut) // 2] if cut else 0
print('opened=%d cut=%d cut_median_s=%.1f probes=%d probe_ok=%d probe_max_ms=%.0f' % (
    opened, len(cut), median, len(probes), sum(1 for p in probes if p[0]),
    max((p[1] for p in probes), default=0)))
if len(sys.argv) > 4:   # a file for the probes' timeline: "start_s latency_ms ok"
    with open(sys.argv[4], 'w') as f:
        for ok, ms, at in probes:
            f.write('%.1f %.0f %d\n' % (at, ms, ok))
