#!/usr/bin/env python3
"""How much of a load run's tail lines up with JVM pauses.

    gc-overlap.py TRACE GC_LOG [THRESHOLD_MS=1]

TRACE: check-load's CHECK_LOAD_TRACE file (due ns, latency ns, round trip ns per check, CLOCK_MONOTONIC).
GC_LOG: the server's -Xlog:gc,safepoint:file=GC_LOG:uptime,timenanos (timenanos = System.nanoTime, the same
clock on Linux). Prints the pauses inside the run (count, total, lengths), the checks slower than the threshold
and how many of them overlap a GC pause or end within 2 ms after one, and the p99 without the checks near a pause.
"""
import re
import sys

NEAR_NS = 2_000_000


def pauses(gc_log):
    """(start ns, end ns) of every GC pause; the line is written when the pause ends."""
    found = []
    with open(gc_log) as lines:
        for line in lines:
            match = re.match(r'\[[\d.]+s\]\[(\d+)ns\] GC\(\d+\) Pause .* ([\d.]+)ms$', line.strip())
            if match:
                end = int(match.group(1))
                found.append((end - int(float(match.group(2)) * 1e6), end))
    return found


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    threshold = float(sys.argv[3]) * 1e6 if len(sys.argv) == 4 else 1e6
    with open(sys.argv[1]) as lines:
        checks = [tuple(int(field) for field in line.split()) for line in lines if line.strip()]
    if not checks:
        sys.exit('no checks in ' + sys.argv[1])
    first = min(due for due, _, _ in checks)
    last = max(due + latency for due, latency, _ in checks)
    inside = [p for p in pauses(sys.argv[2]) if p[1] >= first and p[0] <= last]

    def near(check, margin):
        start, end = check[0], check[0] + check[1]
        return any(p_start - margin <= end and start <= p_end + margin for p_start, p_end in inside)

    lengths = sorted(round((end - start) / 1e6, 2) for start, end in inside)
    print(f'run {(last - first) / 1e9:.1f} s: {len(inside)} GC pauses, {sum(lengths):.1f} ms in total, '
          f'ms: {lengths[:10]}{" ..." if len(lengths) > 10 else ""} max {max(lengths, default=0)}')
    slow = [c for c in checks if c[1] > threshold]
    print(f'{len(checks)} checks, {len(slow)} ({100 * len(slow) / len(checks):.2f}%) over {threshold / 1e6:g} ms: '
          f'{sum(near(c, 0) for c in slow)} overlap a GC pause, {sum(near(c, NEAR_NS) for c in slow)} within 2 ms of one')
    latencies = sorted(c[1] for c in checks)
    away = sorted(c[1] for c in checks if not near(c, NEAR_NS))
    p99 = latencies[max(0, -(-99 * len(latencies) // 100) - 1)] / 1e6
    p99_away = away[max(0, -(-99 * len(away) // 100) - 1)] / 1e6 if away else 0
    print(f'p99 {p99:.3f} ms; without the {len(checks) - len(away)} checks within 2 ms of a GC pause: {p99_away:.3f} ms')


if __name__ == '__main__':
    main()
