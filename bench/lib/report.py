#!/usr/bin/env python3
"""Renders bench/run.sh results (a TSV of setup, metric, value, note) and run facts (a TSV of
key, value) as the Markdown report: one table with ratios and the issue's goals, then notes.
Our chain appears as "ours" and, when the run had it, "ours-reuse" (decision reuse on)."""

import sys

SETUP_LABELS = {"direct": "direct", "squid": "Squid chain", "ours": "ours", "ours-reuse": "ours-reuse"}

# metric key, label, "higher" or "lower" is better, goal (ratio kind, threshold, text) or None
ROWS = [
    ("keepalive_rps", "Keep-alive HTTP, 1 KiB: requests/s", "higher", ("squid", 2.0, ">= 2x Squid")),
    ("keepalive_p50_ms", "  keep-alive p50 latency, ms", "lower", None),
    ("keepalive_p99_ms", "  keep-alive p99 latency, ms", "lower", ("squid_lower", None, "< Squid")),
    ("tunnels_per_s", "New HTTPS tunnels/s (CONNECT+TLS+GET; direct: TLS+GET)", "higher", ("squid", 1.0, ">= Squid")),
    ("tunnels_p50_ms", "  new tunnel p50 latency, ms", "lower", None),
    ("tunnels_p99_ms", "  new tunnel p99 latency, ms", "lower", None),
    ("close_rps", "HTTP 1 KiB, `Connection: close`: requests/s", "higher", None),
    ("close_p50_ms", "  connection-close p50 latency, ms", "lower", None),
    ("close_p99_ms", "  connection-close p99 latency, ms", "lower", None),
    ("bulk_https_mb_s", "Bulk through a CONNECT tunnel (HTTPS), MB/s", "higher", ("direct", 0.9, ">= 0.9x direct")),
    ("bulk_http_mb_s", "Bulk plain HTTP, MB/s", "higher", ("squid", 3.0, ">= 3x Squid")),
    ("keepalive_cpu_us", "CPU per keep-alive request (all processes of the chain), µs", "lower", None),
    ("tunnels_cpu_us", "CPU per new tunnel (all processes of the chain), µs", "lower", None),
    ("close_cpu_us", "CPU per `Connection: close` request, µs", "lower", None),
    ("bulk_https_cpu_ms", "CPU per 100 MB through a CONNECT tunnel, ms", "lower", None),
    ("bulk_http_cpu_ms", "CPU per 100 MB plain HTTP, ms", "lower", None),
    ("rss_idle_mib", "RSS idle (all processes of the chain), MiB", "lower", None),
    ("rss_load_mib", "RSS peak under load (all processes), MiB", "lower", None),
]


def read_tsv(path, width):
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            rows.append(parts + [""] * (width - len(parts)))
    return rows


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def fmt(value):
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def goal_met(goal, values, chain):
    """Whether the chain ("ours" or "ours-reuse") meets the goal; None when a value is missing."""
    kind, threshold, _ = goal
    ours, squid, direct = values[chain], values["squid"], values["direct"]
    if kind == "squid":
        r = ratio(ours, squid)
    elif kind == "direct":
        r = ratio(ours, direct)
    else:  # squid_lower
        return None if ours is None or squid is None else ours < squid
    return None if r is None else r >= threshold


def main():
    results_path, facts_path = sys.argv[1], sys.argv[2]
    values = {}
    notes = []
    for setup, metric, value, note in read_tsv(results_path, 4):
        values[(setup, metric)] = number(value)
        if note:
            notes.append(f"* {setup} / {metric}: {note}")
    facts = dict((k, v) for k, v in read_tsv(facts_path, 2))

    chains = ["ours"] + (["ours-reuse"] if any(s == "ours-reuse" for s, _ in values) else [])
    setups = ["direct", "squid"] + chains

    out = []
    out.append(f"# Benchmark {facts.get('timestamp', '')}")
    out.append("")
    out.append(f"* Machine: {facts.get('machine', '?')}")
    out.append(f"* Load average (1/5/15 min): start {facts.get('load_start', '?')}, end {facts.get('load_end', '?')}")
    out.append(f"* Versions: {facts.get('versions', '?')}")
    out.append(f"* Settings: {facts.get('settings', '?')}")
    out.append(f"* Network: {facts.get('network', '?')}")
    out.append(f"* Warm-up: {facts.get('warmup', '?')}")
    out.append(f"* Our apps: {facts.get('apps', '?')}")
    out.append(f"* Decision reuse: {facts.get('reuse', '?')}")
    out.append(f"* Decisions logged per request (policy-service decision log lines written during the measurements ÷ "
               f"requests, tunnels and downloads sent): {facts.get('decisions', '?')}")
    out.append(f"* Command: `{facts.get('command', 'bench/run.sh')}`")
    out.append("")
    header = ["measure"] + [SETUP_LABELS[s] for s in setups]
    header += [f"{c} ÷ Squid" for c in chains] + ["ours ÷ direct", "goal"] + [f"met: {c}" for c in chains]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" + "---:|" * (len(setups) + len(chains) + 1) + "---|" * (1 + len(chains)))
    for key, label, _better, goal in ROWS:
        row = {setup: values.get((setup, key)) for setup in setups}
        if all(v is None for v in row.values()):
            continue
        cells = [label] + [fmt(row[s]) for s in setups]
        cells += [fmt(ratio(row[c], row["squid"])) for c in chains]
        cells.append(fmt(ratio(row["ours"], row["direct"])))
        cells.append(goal[2] if goal else "")
        for chain in chains:
            met = goal_met(goal, row, chain) if goal else ""
            cells.append(met if met == "" else "?" if met is None else ("yes" if met else "**no**"))
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append("Ratios are our chain ÷ other: above 1 is better for rates, below 1 is better for latency, CPU and RSS. "
               "\"met\" says for each of our setups whether it reaches the goal.")
    breakdown = facts.get("rss_breakdown")
    if breakdown:
        out.append("")
        out.append(f"RSS per process: {breakdown}.")
    for metric, what in [("keepalive_cpu_us", "CPU per keep-alive request by process (µs")] + [
            (f"bulk_{scheme}_cpu_ms", f"CPU per 100 MB {label} by process (ms")
            for scheme, label in (("https", "through a CONNECT tunnel"), ("http", "plain HTTP"))]:
        by_process = []
        for chain in chains:
            split = [values.get((chain, f"{metric}_{app}")) for app in ("policy", "egress", "edge")]
            if any(v is not None for v in split):
                by_process.append(f"{chain} " + " / ".join(fmt(v) for v in split))
        if by_process:
            out.append("")
            out.append(f"{what}; policy-service / egress-proxy / edge-proxy): " + "; ".join(by_process) + ".")
    for scheme, label in (("https", "through a CONNECT tunnel"), ("http", "plain HTTP")):
        samples = facts.get(f"bulk_{scheme}_samples")
        if samples:
            out.append("")
            out.append(f"Bulk {label}, MB/s of each download in round order (the table shows the median): {samples}.")
            origin = facts.get(f"bulk_{scheme}_origin_ms")
            if origin:
                out.append(f"The origin's (nginx's) CPU per 100 MB sent, median of each setup's downloads (ms): {origin}.")
            if "*" in samples:
                out.append(f"* = the origin needed more than {facts.get('host_stall_factor', '1.3')}x that setup's "
                           "median CPU per byte for that download: the host stalled the machine (bench/README.md, bulk). "
                           "Marked samples stay in the median.")
    cpu = [values.get((s, "tunnels_client_cpu_ms")) for s in setups]
    if any(c is not None for c in cpu):
        out.append("")
        out.append(f"Tunnel client's own CPU per request (ms; {' / '.join(SETUP_LABELS[s] for s in setups)}): "
                   + " / ".join(fmt(c) for c in cpu) + ".")
    if notes:
        out.append("")
        out.append("Errors and cut-offs:")
        out.extend(notes)
    print("\n".join(out))

if __name__ == "__main__":
    main()
