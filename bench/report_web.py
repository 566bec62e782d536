#!/usr/bin/python3
"""report_web.py - render bench/RESULTS-web.md from web.sh's results.tsv and measurements."""
import sys
import datetime
import platform

(res, mem_predict, mem_form, mem_users, fcgi_rss, fcgi_procs, train_s, peer_train_s,
 workers, duration, warmup) = sys.argv[1:12]
rows = [line.rstrip("\n").split("\t") for line in open(res) if line.strip()]
R = {(r[0], r[1]): {"rps": float(r[2]), "p50": float(r[3]), "p99": float(r[4]), "err": int(r[5])}
     for r in rows}


def get(label, mode):
    return R.get((label, mode), {"rps": 0.0, "p50": 0.0, "p99": 0.0, "err": -1})


def ratio(a, b):
    return a / b if b else 0.0


print("# Web benchmark (`make bench`, web part)\n")
print(f"Run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {platform.node()} (2 cores, shared "
      f"with other work: timings are noisy). `wrk -t2 -c8 -d{duration}` after a {warmup} warm-up of the same request; "
      "POST /predict sends the Flask peer's post.lua body (fchollet vs KimKardashian, "
      "celebrity-faceoff corpus, 6 users x 1,500 posts, every pair precomputed; \"shared model\": the "
      "same request with the pair model files moved away, so the shared model over the 6 accounts "
      "answers).\n")
print("| server | mode | request | req/s | p50 ms | p99 ms | errors |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
names = {"cgi": ("Apache", "CGI (mod_cgid)"), "fcgi": ("Apache", "FastCGI (mod_fcgid)"),
         "flask": ("Flask peer", f"gunicorn -w {workers}, pickled models")}
for r in rows:
    server, mode = names[r[1]]
    print(f"| {server} | {mode} | {r[0]} | {float(r[2]):,.0f} | {r[3]} | {r[4]} | {r[5]} |")

p_cgi, triv = get("POST /predict", "cgi"), get("trivial static CGI", "cgi")
s_cgi, s_fcgi = get("POST /predict (shared model)", "cgi"), get("POST /predict (shared model)", "fcgi")
p_fcgi, triv_f = get("POST /predict", "fcgi"), get("trivial FastCGI", "fcgi")
g_fcgi, f_post, f_get = get("GET /", "fcgi"), get("POST /predict", "flask"), get("GET /", "flask")
checks = [
    ("POST /predict, plain CGI >= 0.8x the trivial static CGI", ratio(p_cgi["rps"], triv["rps"]), 0.8),
    ("POST /predict, plain CGI p99 <= 25 ms", p_cgi["p99"], 25.0),
    ("POST /predict answered by the shared model, plain CGI >= 0.8x the trivial static CGI",
     ratio(s_cgi["rps"], triv["rps"]), 0.8),
    ("POST /predict answered by the shared model, FastCGI >= 0.6x the trivial FastCGI program",
     ratio(s_fcgi["rps"], triv_f["rps"]), 0.6),
    ("POST /predict, FastCGI >= 5x the Flask peer", ratio(p_fcgi["rps"], f_post["rps"]), 5.0),
    ("POST /predict, FastCGI >= 0.6x the trivial FastCGI program", ratio(p_fcgi["rps"], triv_f["rps"]), 0.6),
    ("GET /, FastCGI >= 3x the Flask peer's form", ratio(g_fcgi["rps"], f_get["rps"]), 3.0),
    ("peak memory of a CGI request <= 8 MB (predict, KiB)", float(mem_predict), 8192.0),
]
print("\n## Targets\n")
print("| target | measured | met |")
print("| --- | ---: | :---: |")
for name, value, bound in checks:
    upper = "<=" in name
    ok = value <= bound if upper else value >= bound
    shown = f"{value:.1f}" if upper else f"{value:.2f}x"
    print(f"| {name} | {shown} | {'yes' if ok else 'no'} |")
print("\n## Memory and training\n")
print(f"- Peak RSS of one plain-CGI request: predict {mem_predict} KiB, form {mem_form} KiB, "
      f"users {mem_users} KiB (GNU time, `%M`).")
print(f"- Largest FastCGI page process after the runs: {fcgi_rss} KiB ({fcgi_procs} processes).")
print(f"- Training every pair: twitoff train {float(train_s):.1f} s; the peer's train_all.py "
      f"{float(peer_train_s):.1f} s.")
print("\nFastCGI p99 outliers near 1 s are mod_fcgid making a request wait (it retries about once a "
      "second) when no process of that class is free at that moment; p50 and req/s show the "
      "steady state.")
print("\nThe page programs link SQLite and libfcgi statically (only libc and libm are loaded at "
      "start-up); the trivial CGI is `-static`.")
