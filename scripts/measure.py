#!/usr/bin/env python3
"""Runs a command RUNS times and prints "median_ms best_ms peak_rss_mb": wall time of each run,
and the largest resident set of any process it started (getrusage RUSAGE_CHILDREN, the peak of
the biggest single descendant). Usage: measure.py RUNS CMD [ARG...]"""
import resource
import statistics
import subprocess
import sys
import time

runs = int(sys.argv[1])
cmd = sys.argv[2:]
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{statistics.median(times):.1f} {min(times):.1f} {peak:.1f}")
