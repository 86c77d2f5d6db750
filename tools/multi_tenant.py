#!/usr/bin/env python3
"""A longer replay input for speed benchmarks: one dataset's events repeated as N tenants, line by line
(every line N times in a row, once per tenant), so each tenant sees exactly the original sequence and
event time advances as in the original.
usage: tools/multi_tenant.py EVENTS.jsonl[.gz] N OUT.jsonl.gz"""
import gzip, json, sys

source, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
opener = gzip.open if source.endswith(".gz") else open
with opener(source, "rt") as lines, gzip.open(out, "wt") as target:
    for line in lines:
        if not line.strip():
            continue
        event = json.loads(line)
        for tenant in range(copies):
            event["tenant"] = f"t{tenant}"
            target.write(json.dumps(event, separators=(",", ":")) + "\n")
