"""PDF summary of a weerbaarheidsscan: score per theme (with a bar), improvement points, versions."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from bibob_desk.exports.pdf import SPACER, p, render, table
from bibob_desk.questionnaire.resilience import ScanResult


def _bar(share: float, colour: str) -> Flowable:
    """A bar in the band's colour (from the scoring file)."""
    width = 50 * mm
    filled = max(0.5, width * share)
    bar = Table([["", ""]], colWidths=[filled, max(0.5, width - filled)], rowHeights=[4 * mm])
    bar.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, 0), colors.HexColor(colour)),
                ("BACKGROUND", (1, 0), (1, 0), colors.HexColor("#e0e0e0")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return bar


def build_summary(result: ScanResult, *, completed: str, by: str, anchor: str, footer: str) -> bytes:
    story: list[Flowable] = [
        p(
            f"Ingevuld {completed} door {by} · formulier {result.form_id} v{result.form_version} · "
            f"score {result.scoring_id} v{result.scoring_version}",
            "small",
        ),
        SPACER,
        p("Score per thema", "h"),
    ]
    rows = [
        [t.title, f"{round(100 * t.share)}%", _bar(t.share, t.colour), t.band]
        + ([f"{t.unanswered} open"] if t.unanswered else [""])
        for t in result.themes
    ]
    grid = Table(
        [["Thema", "Score", "", "Beoordeling", ""], *rows],
        colWidths=[68 * mm, 13 * mm, 52 * mm, 20 * mm, 17 * mm],
    )
    grid.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
            ]
        )
    )
    story += [grid, SPACER, p(f"Totaal: {round(100 * result.total_share)}% van het maximum.")]
    story.append(p("Verbeterpunten", "h"))
    if result.improvements:
        story.append(table(["Thema", "Vraag", "Verbeterpunt"], [list(i) for i in result.improvements]))
    else:
        story.append(p("Geen: elke vraag is met 'ja' beantwoord."))
    story += [
        SPACER,
        p(
            "De vragen, punten en grenzen zijn een eerste opzet en moeten met de gemeente worden "
            "vastgesteld [M?]. Een score is een gesprekshulp, geen oordeel over personen.",
            "small",
        ),
    ]
    title = "Weerbaarheidsscan ondermijning"
    return render(title, "", footer, anchor, story, header=f"{title} — eigen organisatie")
