#!/usr/bin/python3
"""report_explain.py - render bench/RESULTS-explain.md from explain.sh's results.tsv."""
import datetime
import platform
import statistics
import sys

res, instr, base, duration, rounds = sys.argv[1:6]
sizes = [int(x) for x in sys.argv[6:10]]
ir = {}
for line in open(instr):
    kind, which, n = line.rstrip("\n").split("\t")
    ir[(kind, which)] = int(n)
runs = {}
for line in open(res):
    mode, kind, which, _, rps, p99, err = line.rstrip("\n").split("\t")
    runs.setdefault((mode, kind, which), []).append((float(rps), float(p99), int(err)))


def med(key, i):
    return statistics.median(r[i] for r in runs.get(key, [(0, 0, 0)]))


print("# POST /predict before and after the explanation on the text (`bench/explain.sh`)\n")
print(f"Run {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {platform.node()} (2 cores, shared "
      f"with other work: timings are noisy, compare only within one run). Before: the page programs "
      f"of `{base}` (n-gram lists); after: this build (spans, shaded text, JSON spans). Each under its "
      f"own Apache on a copy of one store (celebrity-faceoff corpus, every pair precomputed), the "
      f"Flask peer's post.lua body (fchollet vs KimKardashian); `wrk -t2 -c8 -d{duration}`, before "
      f"and after in turns, {rounds} rounds, medians.\n")
print("| mode | answer | before req/s | after req/s | after / before | before p99 ms | after p99 ms | errors |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
names = {"cgi": "plain CGI", "fcgi": "FastCGI"}
for mode in ("cgi", "fcgi"):
    for kind in ("html", "json"):
        if (mode, kind, "before") not in runs:
            continue
        b, a = med((mode, kind, "before"), 0), med((mode, kind, "after"), 0)
        errs = sum(r[2] for w in ("before", "after") for r in runs.get((mode, kind, w), []))
        print(f"| {names[mode]} | {kind.upper()} | {b:,.0f} | {a:,.0f} | {a / b if b else 0:.2f}x | "
              f"{med((mode, kind, 'before'), 1):.2f} | {med((mode, kind, 'after'), 1):.2f} | {errs} |")
print("\nInstructions one plain-CGI request executes (valgrind's callgrind; the same on a busy "
      "machine), the whole program from exec to exit:\n")
print("| answer | before | after | after - before | after / before |")
print("| --- | ---: | ---: | ---: | ---: |")
for kind in ("html", "json"):
    b, a = ir.get((kind, "before"), 0), ir.get((kind, "after"), 0)
    print(f"| {kind.upper()} | {b:,} | {a:,} | {a - b:+,} | {a / b if b else 0:.3f}x |")
print(f"\nAnswer sizes (bytes): HTML {sizes[0]:,} before, {sizes[1]:,} after; JSON {sizes[2]:,} before, "
      f"{sizes[3]:,} after.\n")
print("Every round:\n")
print("| mode | answer | build | req/s of each round |")
print("| --- | --- | --- | --- |")
for (mode, kind, which), rs in sorted(runs.items()):
    print(f"| {names[mode]} | {kind.upper()} | {which} | {', '.join('%.0f' % r[0] for r in rs)} |")
