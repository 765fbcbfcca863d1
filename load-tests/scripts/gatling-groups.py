#!/usr/bin/env python3
"""Prints the statistics table of a Gatling HTML report (index.html) as Markdown: one row per
request and per group (in the task 5 and task 7 runs, the groups are the phases of the event).

    load-tests/scripts/gatling-groups.py load-tests/target/gatling/<run>
"""
import html
import re
import sys

COLUMNS = {2: "total", 4: "KO", 8: "p50 ms", 10: "p95 ms", 11: "p99 ms", 12: "max ms"}


def rows(report):
    text = open(f"{report}/index.html", encoding="utf-8").read()
    # Each statistics row: its name (ellipsed-name), then the cells col-2 .. col-14.
    for match in re.finditer(r'class="ellipsed-name">(.*?)</span>(.*?)</tr>', text, re.S):
        cells = dict(re.findall(r'<td class="value [a-z]+ col-(\d+)">([^<]*)</td>', match.group(2)))
        yield html.unescape(match.group(1)), [cells.get(str(c), "?") for c in COLUMNS]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print("| requests | " + " | ".join(COLUMNS.values()) + " |")
    print("|---|" + "---:|" * len(COLUMNS))
    for name, values in rows(sys.argv[1]):
        print(f"| {name} | " + " | ".join(values) + " |")


if __name__ == "__main__":
    main()
