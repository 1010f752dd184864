"""One table for every benchmark: figure, baseline measured in the same run, ratio, goal, verdict."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    what: str
    figure: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    goal: str = ""
    met: bool | None = None  # None: no goal
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.figure / self.baseline


LEFT = (0, 2, 4, 5)


def _num(value: float, unit: str) -> str:
    if unit in ("ms", "MB") or value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.2f} {unit}"


def render(rows: list[Row]) -> str:
    header = ("meting", "waarde", "basislijn (zelfde run)", "verhouding", "doel", "")
    lines = []
    for r in rows:
        base = "—" if r.baseline is None else f"{_num(r.baseline, r.unit)} {r.baseline_label}".strip()
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        verdict = "" if r.met is None else ("gehaald" if r.met else "NIET gehaald")
        lines.append((r.what, _num(r.figure, r.unit), base, ratio, r.goal, verdict))
    widths = [max(len(str(x[i])) for x in [header, *lines]) for i in range(6)]
    out = []
    for n, line in enumerate([header, *lines]):
        out.append(
            "  ".join(
                str(c).ljust(w) if i in (0, 2, 4, 5) else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"- {r.what}: {r.note}" for r in rows if r.note]
    return "\n".join(out + (["", *notes] if notes else []))
