#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples: `jfr-top.py REC.jfr [N]`.
Prints the N hottest leaf frames (self time), the N hottest frames anywhere on the stack (inclusive), and the
share of samples whose stack touches each part of the stack (first match from the leaf up). Needs `jfr` of the
JDK in JAVA_HOME; standard library only."""
import collections
import os
import re
import subprocess
import sys

PARTS = [  # first match walking from the leaf towards the root names the sample's part
    ("DynamoDB Local (server, sqlite4java)", ("com.amazonaws.services.dynamodbv2", "com.almworks.sqlite4java",
                                             "software.amazon.dynamodb")),
    ("AWS SDK (function side)", ("software.amazon.awssdk",)),
    ("Jetty", ("org.eclipse.jetty",)),
    ("IBAL gateway", ("org.ibal.gateway",)),
    ("IBAL functions", ("org.ibal.functions",)),
    ("Jackson", ("com.fasterxml.jackson", "tools.jackson")),
]
FRAME = re.compile(r"^\s+([\w.$<>/]+)\(.*line:")


def samples(recording):
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
    text = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", recording],
                          capture_output=True, text=True, check=True).stdout
    stack = None
    for line in text.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            if stack:
                yield stack
            stack = []
        elif stack is not None:
            m = FRAME.match(line)
            if m:
                stack.append(m.group(1))
    if stack:
        yield stack


def part(stack):
    # innermost IBAL/library frame decides; JDK frames take the part of the code that called them
    for frame in stack:
        for name, prefixes in PARTS:
            if frame.startswith(prefixes):
                return name
    return "JDK / other"


def main():
    recording, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15
    leaf, inclusive, parts, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
    for stack in samples(recording):
        total += 1
        leaf[stack[0]] += 1
        for frame in set(stack):
            inclusive[frame] += 1
        parts[part(stack)] += 1
    print(f"{total} CPU samples")
    print("\nby part of the stack:")
    for name, count in parts.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")
    print(f"\ntop {n} leaf frames (self):")
    for frame, count in leaf.most_common(n):
        print(f"  {100 * count / total:5.1f}%  {frame}")
    print(f"\ntop {n} IBAL frames (inclusive):")
    for frame, count in [(f, c) for f, c in inclusive.most_common() if f.startswith("org.ibal")][:n]:
        print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
