#!/usr/bin/env python3
"""Turns side-by-side.sh's lines ("seed {json}", "ibal {json}", "<stack> rss_mb N") into
compare.json, compare.md and compare.svg: per client count, messages/s, p50 and p99 of both stacks and
IBAL's ratio. Standard library only."""
import json
import sys
from datetime import datetime, timezone
from pathlib import Path


def parse(raw):
    runs, rss = {"seed": {}, "ibal": {}}, {}
    for line in raw.splitlines():
        stack, _, rest = line.partition(" ")
        if stack not in runs:
            continue
        if rest.startswith("rss_mb"):
            rss[stack] = int(rest.split()[1])
        elif rest.startswith("{"):
            run = json.loads(rest)
            runs[stack][run["clients"]] = run
    return runs, rss


def rows(runs):
    out = []
    for clients in sorted(set(runs["seed"]) | set(runs["ibal"])):
        seed, ibal = runs["seed"].get(clients), runs["ibal"].get(clients)
        ratio = round(ibal["msgsPerSec"] / seed["msgsPerSec"], 2) if seed and ibal and seed["msgsPerSec"] else None
        out.append({"clients": clients, "seed": seed, "ibal": ibal, "ratio": ratio})
    return out


def cell(run):
    if not run:
        return "–"
    errors = f", {run['errors']} errors" if run.get("errors") else ""
    return f"{run['msgsPerSec']:g} msg/s, p50 {run['p50ms']:g} ms, p99 {run['p99ms']:g} ms{errors}"


def markdown(table, rss, load, when):
    lines = [f"# Seed stack vs IBAL, side by side ({when}, load average before the run {load})", "",
             "| clients | seed stack | IBAL | ratio (IBAL msg/s ÷ seed msg/s) |", "|---|---|---|---|"]
    for r in table:
        ratio = f"{r['ratio']:g}×" if r["ratio"] is not None else "–"
        lines.append(f"| {r['clients']} | {cell(r['seed'])} | {cell(r['ibal'])} | {ratio} |")
    lines += ["", f"RSS after the runs: seed {rss.get('seed', '?')} MB, IBAL {rss.get('ibal', '?')} MB.", "",
              "![messages/s and p99](compare.svg)", ""]
    return "\n".join(lines)


def svg(table):
    """Two panels of grouped bars: messages/s and p99 latency, seed (grey) beside IBAL (blue) per client count."""
    width, height, pad, panel_w = 640, 260, 40, 280
    colors = {"seed": "#9aa0a6", "ibal": "#1a73e8"}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">', '<rect width="100%" height="100%" fill="white"/>']
    for p, (metric, title) in enumerate((("msgsPerSec", "messages/s (higher is better)"),
                                          ("p99ms", "p99 latency, ms (lower is better)"))):
        x0 = pad + p * (panel_w + pad)
        top, bottom = 30, height - 40
        peak = max([r[s][metric] for r in table for s in ("seed", "ibal") if r[s]] or [1]) or 1
        parts.append(f'<text x="{x0}" y="18" font-weight="bold">{title}</text>')
        parts.append(f'<line x1="{x0}" y1="{bottom}" x2="{x0 + panel_w}" y2="{bottom}" stroke="#333"/>')
        group = panel_w / max(len(table), 1)
        bar = group / 3
        for i, r in enumerate(table):
            gx = x0 + i * group + bar / 2
            for j, stack in enumerate(("seed", "ibal")):
                run = r[stack]
                if not run:
                    continue
                value = run[metric]
                h = (bottom - top) * value / peak
                x = gx + j * bar
                parts.append(f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                             f'fill="{colors[stack]}"><title>{stack} {r["clients"]} clients: {value:g}</title></rect>')
                parts.append(f'<text x="{x + (bar - 2) / 2:.1f}" y="{bottom - h - 3:.1f}" text-anchor="middle" '
                             f'font-size="9">{value:.0f}</text>')
            parts.append(f'<text x="{gx + bar:.1f}" y="{bottom + 14}" text-anchor="middle">{r["clients"]} clients</text>')
    parts.append(f'<rect x="{pad}" y="{height - 16}" width="10" height="10" fill="{colors["seed"]}"/>'
                 f'<text x="{pad + 14}" y="{height - 7}">seed stack (Django Channels)</text>')
    parts.append(f'<rect x="{pad + 200}" y="{height - 16}" width="10" height="10" fill="{colors["ibal"]}"/>'
                 f'<text x="{pad + 214}" y="{height - 7}">IBAL (gateway + functions + DynamoDB Local)</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    raw_path, out_dir, load = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "?"
    runs, rss = parse(raw_path.read_text())
    if not runs["ibal"]:
        sys.exit("bench-compare: no IBAL runs in " + str(raw_path))
    table = rows(runs)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    (out_dir / "compare.json").write_text(json.dumps(
        {"measuredAt": when, "loadAverage": load, "rows": table, "rssMb": rss}, indent=2) + "\n")
    (out_dir / "compare.md").write_text(markdown(table, rss, load, when))
    (out_dir / "compare.svg").write_text(svg(table))
    print((out_dir / "compare.md").read_text())


if __name__ == "__main__":
    main()
