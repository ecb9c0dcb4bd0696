#!/usr/bin/env python3
"""Allocation of one backup from a JFR recording: `jfr print --json --events jdk.ObjectAllocationSample
--stack-depth 8 FILE` on stdin. jdk.ObjectAllocationSample is throttled; each sample's weight is the
bytes allocated since the thread's previous sample, so the weights add up to the thread's total.
Prints the total, the rate over the recording's span, and the largest allocation sites."""
import collections
import datetime
import json
import sys


def when(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")[:26] + "+00:00")


def main():
    events = json.load(sys.stdin)["recording"]["events"]
    total = 0
    sites = collections.Counter()
    times = []
    for e in events:
        v = e["values"]
        w = int(v["weight"])
        total += w
        times.append(when(v["startTime"]))
        frames = (v.get("stackTrace") or {}).get("frames") or []
        site = "?"
        for f in frames:
            m = f["method"]
            name = m["type"]["name"].replace("/", ".") + "." + m["name"]
            if not name.startswith(("java.", "jdk.", "sun.")):
                site = name
                break
        else:
            if frames:
                m = frames[0]["method"]
                site = m["type"]["name"].replace("/", ".") + "." + m["name"]
        sites[(site, v["objectClass"]["name"])] += w
    span = (max(times) - min(times)).total_seconds() if len(times) > 1 else 0
    print(f"allocated: {total / 2**20:.0f} MiB in {span:.1f} s of samples"
          + (f" ({total / 2**20 / span:.0f} MiB/s)" if span else ""))
    print("| allocation site (first frame outside the JDK) | class | MiB |")
    print("|---|---|---|")
    for (site, cls), w in sites.most_common(12):
        print(f"| {site} | {cls} | {w / 2**20:.1f} |")


if __name__ == "__main__":
    main()
