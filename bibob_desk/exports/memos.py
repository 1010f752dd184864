"""Memos, decisions and letters from the stored case, the stored assessment and the computed timeline.
Fixed texts come from resources/memos; each block of a memo is a section of the one presentation of
the case file (bibob_desk.presentation), rendered here as reportlab flowables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from bibob_desk.domain.assessment import Assessment
from bibob_desk.domain.model import Case
from bibob_desk.exports.pdf import SPACER, Letter, p, render, table
from bibob_desk.exports.pdfa import to_pdfa
from bibob_desk.exports.texts import MemoTexts
from bibob_desk.presentation.case_file import CaseFile, ground_of, template_values
from bibob_desk.presentation.case_file import section as case_section
from bibob_desk.presentation.recipients import RecipientProfile
from bibob_desk.presentation.values import DateStyle, Facts, Money, Percent, Section, Table, Year, text

PAGE_WIDTH_MM = 170
UNBROKEN = (date, Money, Percent, Year)
MM_PER_CHAR, MAX_WORD = 1.6, 14  # 8 pt DejaVu Sans


FOUR_EYES_APPLIED = "Vier ogen: dit besluit is vóór verzending goedgekeurd door een tweede jurist."
FOUR_EYES_OFF = (
    "Vier ogen: niet toegepast; een tweede goedkeuring is voor dit besluit uitgezet (met bevestiging van "
    "twee beheerders)."
)


@dataclass
class MemoContext:
    """The case file (the one presentation's input) plus what a memo adds: texts, anchor, date."""

    case_file: CaseFile
    texts: MemoTexts
    anchor: str
    today: date
    profile: RecipientProfile | None = None  # None: internal (everything)
    letter: Letter | None = None  # an outgoing letter (profile.brief)
    zienswijze_until: date | None = None  # a voornemen sent today: the term runs from today
    retention: str = ""  # until when the case is kept, and why (the nazorg memo)
    four_eyes: bool | None = None  # a final decision: whether a second jurist approved it (None: no decision)

    @property
    def case(self) -> Case:
        return self.case_file.case

    @property
    def assessment(self) -> Assessment | None:
        return self.case_file.assessment


def _widths(t: Table, cells: list[list[str]]) -> list[float] | None:
    """Column widths in points: each column at least as wide as its longest word (a date or an
    amount counts as one word; long words are capped), the rest shared by the table's widths."""
    if not t.widths:
        return None

    def longest(i: int) -> int:
        words = [len(w) for w in t.columns[i].split()]
        for raw_row, row in zip(t.rows, cells, strict=True):
            unbroken = isinstance(raw_row[i], UNBROKEN)
            words += [len(row[i])] if unbroken else [len(w) for w in row[i].split()]
        return min(max(words, default=1), MAX_WORD)

    minimum = [longest(i) * MM_PER_CHAR + 4 for i in range(len(t.columns))]
    spare = PAGE_WIDTH_MM - sum(minimum)
    if spare <= 0:
        return [m * PAGE_WIDTH_MM / sum(minimum) * mm for m in minimum]
    total = sum(t.widths)
    return [(m + spare * w / total) * mm for m, w in zip(minimum, t.widths, strict=True)]


def render_table(t: Table) -> Flowable:
    t = t.compact()
    if not t.rows:
        return p(t.empty, "small")
    cells = [[text(v, DateStyle.LONG) for v in row] for row in t.rows]
    return table(list(t.columns), cells, _widths(t, cells))


def render_section(s: Section, *, subtitle: bool | None = None) -> list[Flowable]:
    """One section of the case file as flowables; the subtitle when the memo heading does not say it."""
    out: list[Flowable] = []
    if not s.blocks:
        return out
    if s.subtitle if subtitle is None else subtitle:
        out.append(p(s.title, "sub"))
    for block in s.blocks:
        if isinstance(block, Table):
            out.append(render_table(block))
        elif isinstance(block, Facts):
            rows = [(k, text(v, DateStyle.LONG)) for k, v in block.pairs]
            out.append(table(["Gegeven", "Waarde"], [list(r) for r in rows if r[1]], [45 * mm, 125 * mm]))
        else:
            out.append(p(block.text, "h" if block.heading else "small" if block.small else "body"))
    return out


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


TRIAGE_PLACEHOLDERS = ("{score}", "{band}", "{catalogus}")


Part = tuple[str, list[str | Section]]  # (heading, its texts and case-file sections)


def document_parts(kind: str, memo: MemoContext) -> list[Part]:
    """What the document says for its recipient, format-free (PDF and docx render the same parts):
    sections the profile does not allow are left out, and so is a fixed text that speaks of the
    internal triage when the profile has none; the jurist's own texts replace the fixed ones."""
    doc, cf, profile = memo.texts.documents[kind], memo.case_file, memo.profile
    values = memo_values(memo)
    own = {t.section: t.text for t in cf.case.document_texts if t.document == kind}
    parts: list[Part] = []
    for section in doc["sections"]:
        body: list[str | Section] = []
        text_ = own.get(section["heading"], section.get("text", ""))
        if text_ and (profile is None or profile.triage or not any(t in text_ for t in TRIAGE_PLACEHOLDERS)):
            body.append(_fill(text_, values))
        for block in section.get("blocks", []):
            if profile is None or profile.allows(block):
                found = case_section(cf, block)
                if found.blocks:
                    body.append(found)
        if body:
            parts.append((section["heading"], body))
    return parts


def memo_values(memo: MemoContext) -> dict[str, str]:
    values = template_values(memo.case_file, memo.today)
    values["kader"] = (memo.texts.frames or {}).get(ground_of(memo.case_file.case).value, "")
    values["bewaartermijn"] = memo.retention or "de bewaartermijn uit de instellingen"
    if memo.zienswijze_until is not None:
        values["zienswijze_tot"] = text(memo.zienswijze_until, DateStyle.LONG)
    return values


def build_memo(kind: str, memo: MemoContext) -> bytes:
    """The document as a PDF for its recipient (see `document_parts`)."""
    doc, cf, profile = memo.texts.documents[kind], memo.case_file, memo.profile
    story: list[Flowable] = []
    if memo.letter is None:
        values = memo_values(memo)
        opgesteld = f"Kenmerk {cf.case.reference} · {values['bestuursorgaan']} · opgesteld "
        story += [p(opgesteld + values["vandaag"], "small"), SPACER]
    for heading, body in document_parts(kind, memo):
        story.append(p(heading, "h"))
        for item in body:
            story.extend([p(item)] if isinstance(item, str) else render_section(item))
    if memo.four_eyes is not None:  # every decision states whether four eyes applied (issue 17)
        story += [SPACER, p(FOUR_EYES_APPLIED if memo.four_eyes else FOUR_EYES_OFF, "small")]
    anchor = memo.anchor if profile is None or profile.anchor else ""
    pdf = render(doc["title"], cf.case.reference, memo.texts.footer, anchor, story, letter=memo.letter)
    return to_pdfa(pdf, doc["title"])  # archivable as the Dutch government asks: PDF/A-2b


def any_value(value: Any) -> str:
    """An answer as readable text for the questionnaire PDF."""
    if isinstance(value, list):
        return ", ".join(any_value(v) for v in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(value)
