# tracecheck.py: checks a Chrome trace (memscope export --format=chrome)
# against the Trace Event Format's rules, as Perfetto and chrome://tracing
# read it: no browser can be driven to draw a trace headless here, so the
# rules the viewers apply are applied here.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: python3 tracecheck.py TRACE
# Prints what a viewer would draw: "threads N", one "track NAME" line per
# counter track, "spans N", then "ok" or the first broken rule; exits 1
# when a rule is broken.
#   - every event has name, ph, pid and tid; timed events a numeric ts;
#   - a counter track is keyed by process and name (and id, when given):
#     each must belong to one thread, or threads' counters are drawn as one;
#   - per thread, B and E events balance, each E closing the innermost B
#     of the same name, and ts never goes back.
import json
import sys

trace = json.load(open(sys.argv[1]))
events = trace["traceEvents"]
problems = []
threads = {}
tracks = {}
open_spans = {}
last_ts = {}
spans = 0
for n, e in enumerate(events):
    for key in ("name", "ph", "pid", "tid"):
        if key not in e:
            problems.append("event %d has no %s" % (n, key))
    ph, tid = e.get("ph"), (e.get("pid"), e.get("tid"))
    if ph == "M":
        if e["name"] == "thread_name":
            threads[tid] = e["args"]["name"]
        continue
    if not isinstance(e.get("ts"), (int, float)):
        problems.append("event %d (%s) has no numeric ts" % (n, ph))
        continue
    if ph in ("B", "E"):
        if e["ts"] < last_ts.get(tid, e["ts"]):
            problems.append("thread %s: ts goes back at event %d" % (tid[1], n))
        last_ts[tid] = e["ts"]
    if ph == "C":
        key = (e["pid"], e["name"], e.get("id"))
        tracks.setdefault(key, set()).add(e["tid"])
    elif ph == "B":
        open_spans.setdefault(tid, []).append(e["name"])
    elif ph == "E":
        stack = open_spans.get(tid, [])
        if not stack or stack[-1] != e["name"]:
            problems.append("thread %s: E %s at event %d closes %s" % (tid[1], e["name"], n, stack[-1] if stack else "nothing"))
        else:
            stack.pop()
            spans += 1
for tid, stack in open_spans.items():
    if stack:
        problems.append("thread %s: %d B events never closed" % (tid[1], len(stack)))
for key, tids in tracks.items():
    if len(tids) > 1:
        problems.append("counter %r is one track for threads %s" % (key[1], sorted(tids)))
print("threads %d" % len(threads))
for key in sorted(tracks, key=lambda k: k[1]):
    print("track %s" % key[1])
print("spans %d" % spans)
print(problems[0] if problems else "ok")
sys.exit(1 if problems else 0)
