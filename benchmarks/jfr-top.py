#!/usr/bin/env python3
"""Aggregates a JDK Flight Recorder file (as page-wrk.sh --jfr writes) into top frames.

usage: jfr-top.py RECORDING.jfr [--top 25] [--match io.github.maintenance]

Prints, from jdk.ExecutionSample: the share of samples per top (self) frame, and the share of
samples in which a method matching --match appears anywhere on the stack (inclusive); from
jdk.ObjectAllocationSample: allocated bytes (the samples' weights) per class and per allocating
frame of the matched code. Needs the JDK's jfr tool on the PATH.
"""
import argparse
import collections
import json
import subprocess
import sys


def events(recording, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    m = frame["method"]
    return "%s.%s" % (m["type"]["name"].replace("/", "."), m["name"])


def show(title, counter, total, top, unit):
    print("\n%s (total %s %s)" % (title, format(total, ","), unit))
    for name, n in counter.most_common(top):
        print("  %6.2f%%  %s" % (100.0 * n / total if total else 0, name))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("recording")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--match", default="io.github.maintenance")
    a = p.parse_args()

    samples = events(a.recording, "jdk.ExecutionSample")
    self_frames = collections.Counter()
    inclusive = collections.Counter()
    for e in samples:
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        if not frames:
            continue
        self_frames[frame_name(frames[0])] += 1
        for name in {frame_name(f) for f in frames}:
            if a.match in name:
                inclusive[name] += 1
    show("execution samples, top frame", self_frames, len(samples), a.top, "samples")
    show("execution samples with %s on the stack (inclusive)" % a.match, inclusive, len(samples), a.top, "samples")

    allocations = events(a.recording, "jdk.ObjectAllocationSample")
    by_class = collections.Counter()
    by_frame = collections.Counter()
    total = 0
    for e in allocations:
        v = e["values"]
        weight = v.get("weight", 0)
        total += weight
        by_class[v["objectClass"]["name"]] += weight
        frames = v["stackTrace"]["frames"] if v.get("stackTrace") else []
        for f in frames:
            if a.match in frame_name(f):
                by_frame["%s (line %s)" % (frame_name(f), f.get("lineNumber"))] += weight
                break
    show("allocation samples by class", by_class, total, a.top, "bytes")
    show("allocation samples by the first %s frame" % a.match, by_frame, total, a.top, "bytes")


if __name__ == "__main__":
    sys.exit(main())
