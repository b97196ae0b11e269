"""Writers: a CSV per table, one XLSX workbook, PNG charts, and one self-contained HTML file.

Cells come from tenant data anyone in HR can edit (a department named `=HYPERLINK(…)`), so CSV cells a
spreadsheet would evaluate are neutralised and XLSX cells are written as text (OWASP CSV injection).
The files are written to a temporary folder next to the target, then moved into place.
"""

from __future__ import annotations

import base64
import csv
import errno
import io
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers and timers
import matplotlib.pyplot as plt
from jinja2 import Environment, select_autoescape
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.aggregate import top
from reports.build import Report
from reports.headline import headline
from reports.tables import DAYS, report_tables

FORMATS = ("csv", "xlsx", "html", "png")

# OWASP "CSV injection": cells starting with these are formulas to Excel, LibreOffice and Sheets
# (full-width forms included: some locales' input methods produce them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# "+15.0%", "-3", "+15615552000": a plain signed number hides no function call; keep it as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*%?")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)


def csv_cell(value: Any) -> Any:
    """A leading apostrophe makes a spreadsheet show the text instead of evaluating it (OWASP)."""
    return "'" + value if is_formula_like(value) else value


def write_csv(report: Report, out: Path) -> list[Path]:
    paths = []
    for name, (header, rows) in report_tables(report).items():
        path = out / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([csv_cell(cell) for cell in header])
            writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        paths.append(path)
    return paths


def _append_as_text(sheet: Any, row: Sequence[Any]) -> None:
    """openpyxl stores a str starting with "=" as a formula; ours are text, and stay text when edited."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if is_formula_like(cell.value):
                cell.quotePrefix = True


def write_xlsx(report: Report, out: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, (header, rows) in report_tables(report).items():
        sheet = workbook.create_sheet(name[:31])
        _append_as_text(sheet, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            _append_as_text(sheet, row)
        sheet.freeze_panes = "A2"
    path = out / "usage.xlsx"
    workbook.save(path)
    return path


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def charts(report: Report) -> dict[str, bytes]:
    usage = report.usage
    days = sorted(usage.by_day)
    figure, axis = plt.subplots(figsize=(9, 3))
    axis.bar([d.isoformat() for d in days], [usage.by_day[d].minutes for d in days], color="#4b53bc")
    axis.set_xticks(range(0, len(days), max(1, len(days) // 12)))
    axis.set_title("Minutes per day")
    axis.set_ylabel("minutes")
    figure.autofmt_xdate()
    per_day = _png(figure)

    ranked = list(reversed(top(usage.by_department, 15)))
    figure, axis = plt.subplots(figsize=(9, max(2.5, 0.35 * len(ranked))))
    axis.barh([str(k) for k, _ in ranked], [b.minutes for _, b in ranked], color="#6264a7")
    axis.set_title("Minutes by department (top 15)")
    by_department = _png(figure)

    grid = [
        [usage.hour_of_week[(d, h)].minutes if (d, h) in usage.hour_of_week else 0.0 for h in range(24)]
        for d in range(7)
    ]
    figure, axis = plt.subplots(figsize=(9, 3))
    image = axis.imshow(grid, aspect="auto", cmap="Purples")
    axis.set_yticks(range(7), DAYS)
    axis.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    axis.set_title(f"Minutes by hour of week ({report.period.tz})")
    figure.colorbar(image, ax=axis)
    heat = _png(figure)
    return {"minutes_per_day": per_day, "by_department": by_department, "hour_of_week": heat}


def write_png(report: Report, out: Path, rendered: dict[str, bytes] | None = None) -> list[Path]:
    paths = []
    for name, data in (rendered or charts(report)).items():
        path = out / f"{name}.png"
        path.write_bytes(data)
        paths.append(path)
    return paths


TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams Phone usage · {{ period }}</title>
<style>
body{font-family:system-ui,Segoe UI,sans-serif;margin:2rem;max-width:1100px;color:#242424}
h1{font-size:1.6rem;margin-bottom:.2rem} .headline{font-size:1.25rem;color:#4b53bc;margin:.4rem 0 1.2rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem} th,td{padding:.25rem .6rem;border-bottom:1px solid #ddd}
th{text-align:left;background:#f3f2f1} td.n{text-align:right;font-variant-numeric:tabular-nums}
.notes{font-size:.85rem;color:#555} img{max-width:100%}
</style></head><body>
<h1>Teams Phone usage · {{ period }}</h1>
<p class="headline">{{ headline }}</p>
{% for name, src in charts.items() %}<img alt="{{ name }}" src="data:image/png;base64,{{ src }}">{% endfor %}
{% for name, (header, rows) in tables.items() %}{% if name != "hour_of_week" %}
<h2>{{ name.replace("_", " ").capitalize() }}</h2>
<table><tr>{% for h in header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in rows %}<tr>{% for cell in row %}<td{% if cell is number %} class="n"{% endif %}>{{ "{:,}".format(cell) if cell is number else cell }}</td>{% endfor %}</tr>{% endfor %}
</table>{% endif %}{% endfor %}
<div class="notes">{% for note in notes %}<p>{{ note }}</p>{% endfor %}</div>
</body></html>
"""


def write_html(report: Report, out: Path, rendered: dict[str, bytes] | None = None) -> Path:
    environment = Environment(autoescape=select_autoescape(default=True))
    html = environment.from_string(TEMPLATE).render(
        period=report.period.label(),
        headline=headline(report.summary),
        tables=report_tables(report),
        notes=report.notes,
        charts={k: base64.b64encode(v).decode() for k, v in (rendered or charts(report)).items()},
    )
    path = out / "usage.html"
    path.write_text(html, encoding="utf-8")
    return path


def _write_all(report: Report, out: Path, formats: tuple[str, ...]) -> list[Path]:
    paths: list[Path] = []
    rendered = charts(report) if {"png", "html"} & set(formats) else None
    if "csv" in formats:
        paths += write_csv(report, out)
    if "xlsx" in formats:
        paths.append(write_xlsx(report, out))
    if "png" in formats:
        paths += write_png(report, out, rendered)
    if "html" in formats:
        paths.append(write_html(report, out, rendered))
    return paths


def _move_into_place(staging: Path, out: Path, names: list[str]) -> list[Path]:
    """A new folder is renamed into place in one step; into an existing one, each finished file is."""
    if not out.exists():
        os.replace(staging, out)
    elif not out.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "exists and is not a folder", str(out))
    else:
        for name in names:
            os.replace(staging / name, out / name)
    return [out / name for name in names]


def write_report(report: Report, out: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write every file into a temporary folder beside `out`, then move them in.

    A failure half-way (a full disk) leaves `out` as it was, with no half-written files; the
    OSError then names `out`.
    """
    out = out.expanduser().absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        names = [path.name for path in _write_all(report, staging, formats)]
        return _move_into_place(staging, out, names)
    except OSError as exc:
        if exc.filename is None or str(staging) in str(exc.filename):
            raise type(exc)(exc.errno, exc.strerror or str(exc), str(out)) from exc
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
