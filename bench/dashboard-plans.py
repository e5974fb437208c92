#!/usr/bin/env python3
"""Summarises the part of a PostgreSQL server log written during bench/dashboard.sh's plan round (CASETRACKER_DASHBOARD_PG_PLANS=1:
auto_explain with log_analyze, and log_executor_stats). Each statement's plan (auto_explain) is paired with its backend's executor
statistics (same process id, in order). Prints, for each distinct statement on `cases` in the order first sent: how many times it
ran, the least CPU time of its backend (user + system, ms: what its execution would take on a quiet machine, the data being in
memory), the least execution time auto_explain measured (ms, swollen by the machine's load) and the statement's first 150
characters; then the least CPU times summed. Usage: dashboard-plans.py <log part>"""
import re
import sys
from collections import OrderedDict, defaultdict

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
# Entries start with the default log_line_prefix of PostgreSQL 15, '%m [%p] ': a timestamp and the backend's process id.
starts = list(re.finditer(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+ \w+) \[(\d+)\] ", text, re.M))
plans, stats = defaultdict(list), defaultdict(list)
for i, start in enumerate(starts):
    entry = text[start.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)]
    pid = start.group(2)
    plan = re.match(r"LOG:\s+duration: ([\d.]+) ms\s+plan:\s*\n\s*Query Text: (.*?)\n\s*(?=\S[^\n]*\((?:cost|actual)=)", entry, re.S)
    if plan:
        plans[pid].append((float(plan.group(1)), " ".join(plan.group(2).split())))
        continue
    # log_executor_stats: "LOG:  EXECUTOR STATISTICS", then an entry of its own "DETAIL:  ! system usage stats: ! u s user, s s system".
    usage = re.match(r"DETAIL:\s+! system usage stats:\s*!\s+([\d.]+) s user, ([\d.]+) s system", entry)
    if usage:
        stats[pid].append(1000 * (float(usage.group(1)) + float(usage.group(2))))

summary = OrderedDict()
for pid, sent in plans.items():
    for (duration, query), cpu in zip(sent, stats[pid]):
        if not re.search(r"\b(FROM|JOIN) cases\b", query):
            continue
        runs, least_cpu, least_exec = summary.get(query, (0, float("inf"), float("inf")))
        summary[query] = (runs + 1, min(least_cpu, cpu), min(least_exec, duration))

print("runs\tcpu_ms\texec_ms\tstatement")
for query, (runs, cpu, duration) in summary.items():
    print(f"{runs}\t{cpu:.1f}\t{duration:.1f}\t{query[:150]}")
print(f"{len(summary)} distinct statements on cases; least CPU times summed: {sum(v[1] for v in summary.values()):.0f} ms")
