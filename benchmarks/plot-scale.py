#!/usr/bin/env python3
"""Plots ScaleBenchmark's CSV as one SVG (Python 3 standard library only).

Two panels, routes on a log x axis, one line per store and instance count:
  left:  propagation p99 (ms, log y), and dotted per store the raw transport's p99 (one receiver,
         measured in the same run; the median over the instance counts at each route count);
  right: bytes on the store server's connections per change (log y).

Usage: python3 benchmarks/plot-scale.py CSV [OUT.svg]   (default OUT: CSV with .svg)
"""

import csv
import math
import sys
from xml.sax.saxutils import escape

PANEL_W, PANEL_H = 380, 260
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 64, 16, 34, 46
LEGEND_H = 82
COLOURS = {"redis": ["#f4a582", "#d6604d", "#67001f"], "jdbc": ["#92c5de", "#4393c3", "#053061"]}
DASHES = {"redis": "", "jdbc": "6,3"}


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SystemExit(f"{path}: no rows")
    for r in rows:
        for k in ("instances", "routes", "changes"):
            r[k] = int(r[k])
        for k in ("p99_ms", "raw1_p99_ms", "bytes_per_change", "p50_ms"):
            r[k] = float(r[k])
    return rows


def decades(lo, hi):
    """Powers of ten covering [lo, hi]."""
    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    if a == b:
        b += 1
    return a, b


def label(v):
    if v >= 1e6:
        return f"{v / 1e6:g}M"
    if v >= 1e3:
        return f"{v / 1e3:g}k"
    return f"{v:g}"


def panel(out, x0, title, ylabel, series, xs, ylo, yhi):
    """Draws one panel at horizontal offset x0; series: [(name, colour, dash, [(x, y)])]."""
    xa, xb = decades(min(xs), max(xs))
    ya, yb = decades(ylo, yhi)
    left, top = x0 + MARGIN_L, MARGIN_T
    w, h = PANEL_W - MARGIN_L - MARGIN_R, PANEL_H - MARGIN_T - MARGIN_B

    def px(x):
        return left + (math.log10(x) - xa) / (xb - xa) * w

    def py(y):
        return top + h - (math.log10(y) - ya) / (yb - ya) * h

    out.append(f'<text x="{left + w / 2}" y="20" class="title">{escape(title)}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{w}" height="{h}" class="frame"/>')
    for e in range(ya, yb + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + w}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{left - 5}" y="{y + 4:.1f}" class="ytick">{label(10 ** e)}</text>')
    for e in range(xa, xb + 1):
        x = px(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + h}" class="grid"/>')
        out.append(f'<text x="{x:.1f}" y="{top + h + 15}" class="xtick">{label(10 ** e)}</text>')
    out.append(f'<text x="{left + w / 2}" y="{top + h + 34}" class="axis">routes (log)</text>')
    out.append(f'<text transform="translate({x0 + 14},{top + h / 2}) rotate(-90)" class="axis">'
               f'{escape(ylabel)}</text>')
    for _, colour, dash, points in series:
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                   f'stroke-dasharray="{dash}"/>')
        for x, y in points:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.5" fill="{colour}"/>')


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    rows = read(argv[1])
    target = argv[2] if len(argv) > 2 else argv[1].rsplit(".", 1)[0] + ".svg"
    stores = sorted({r["store"] for r in rows}, key=lambda s: list(COLOURS).index(s) if s in COLOURS else 9)
    latency, traffic, legend, raw = [], [], [], []
    for store in stores:
        counts = sorted({r["instances"] for r in rows if r["store"] == store})
        palette = COLOURS.get(store, ["#888", "#555", "#222"])
        for i, n in enumerate(counts):
            pts = sorted((r["routes"], r) for r in rows if r["store"] == store and r["instances"] == n)
            colour = palette[min(i, len(palette) - 1)]
            name = f"{store}, {n} instances"
            latency.append((name, colour, DASHES.get(store, ""), [(x, max(r["p99_ms"], 1e-3)) for x, r in pts]))
            traffic.append((name, colour, DASHES.get(store, ""),
                            [(x, max(r["bytes_per_change"], 1)) for x, r in pts if r["bytes_per_change"] > 0]))
            legend.append((name, colour, DASHES.get(store, "")))
        raw_points = []
        for x in sorted({r["routes"] for r in rows if r["store"] == store}):
            raws = sorted(r["raw1_p99_ms"] for r in rows if r["store"] == store and r["routes"] == x)
            raw_points.append((x, max(raws[len(raws) // 2], 1e-3)))
        raw.append((f"{store}, raw transport p99", palette[-1], "2,3", raw_points))
    xs = [r["routes"] for r in rows]
    lat_values = [y for s in latency + raw for _, y in s[3]]
    byte_values = [y for s in traffic for _, y in s[3]] or [1, 10]
    width, height = 2 * PANEL_W, PANEL_H + LEGEND_H
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
           "<style>.title{font-size:13px;text-anchor:middle;font-weight:bold}"
           ".axis{font-size:11px;text-anchor:middle}.xtick{font-size:10px;text-anchor:middle}"
           ".ytick{font-size:10px;text-anchor:end}.legend{font-size:11px}"
           ".frame{fill:none;stroke:#333}.grid{stroke:#ddd}</style>",
           f'<rect width="{width}" height="{height}" fill="white"/>']
    panel(out, 0, "Propagation p99 (dotted: raw transport p99)", "ms (log)", latency + raw, xs,
          min(lat_values), max(lat_values))
    panel(out, PANEL_W, "Bytes on the store's connections per change", "bytes (log)", traffic, xs,
          min(byte_values), max(byte_values))
    per_row = 3
    legend += [(name, colour, dash) for name, colour, dash, _ in raw]
    for i, (name, colour, dash) in enumerate(legend):
        x = MARGIN_L + (i % per_row) * 230
        y = PANEL_H + 14 + (i // per_row) * 18
        out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 26}" y2="{y - 4}" stroke="{colour}" stroke-width="2" '
                   f'stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{x + 32}" y="{y}" class="legend">{escape(name)}</text>')
    out.append("</svg>")
    with open(target, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv)
