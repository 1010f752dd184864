"""Score a case against the catalogue: findings with evidence, what cannot be judged, knock-outs,
band and route. The officer's overrides apply only while the evidence they judged is unchanged."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bibob_desk.domain.assessment import (
    Assessment,
    Evidence,
    Finding,
    NotAssessable,
    OverrideAction,
    OverrideState,
)
from bibob_desk.domain.codec import to_primitive
from bibob_desk.domain.enums import CheckSource, ProcedureKind
from bibob_desk.domain.labels import euro, label
from bibob_desk.domain.model import Case, Override
from bibob_desk.risk.catalogue import Catalogue, Indicator
from bibob_desk.risk.facts import ATTRS, LABELS, Fact, FactBook, Item
from bibob_desk.risk.logic import evaluate

SET_ASIDE, REWEIGH = OverrideAction.SET_ASIDE, OverrideAction.REWEIGH
_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)  # [[ ... ]] is left out when a value in it is unknown


@dataclass
class _Hit:
    item: Item | None
    weight: int
    step: str
    evidence: list[Evidence]
    adjustments: tuple[str, ...] = ()


def evidence_hash(evidence: list[Evidence]) -> str:
    """What the officer judged: every evidence field, in order (an override keys on this)."""
    digest = hashlib.sha256()
    for e in evidence:
        for part in (e.fact, e.value, e.source, e.date, e.recorded_by, e.provenance, e.ref):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def case_payload(case: Case) -> str:
    """The case as the store keeps it (canonical JSON); the inputs hash is taken over this text."""
    return json.dumps(to_primitive(case), ensure_ascii=False)


def inputs_hash(payload: str, catalogue: Catalogue) -> str:
    """Hash of everything the outcome depends on: the case file (with overrides) and the catalogue."""
    return hashlib.sha256((payload + catalogue.sha256).encode("utf-8")).hexdigest()


def _format(fact: Fact | Any, style: str) -> str:
    value = fact.value if isinstance(fact, Fact) else fact
    if value is None:
        return "onbekend"
    if style == "eur":
        return euro(value)
    if style == "pct":
        return f"{(Decimal(str(value)) * 100).quantize(Decimal('1'), ROUND_HALF_UP)} %"
    if style == "num2":
        return str(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)).replace(".", ",")
    if style == "int":
        return str(int(Decimal(str(value)).quantize(Decimal("1"), ROUND_HALF_UP)))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value).replace(".", ",") if isinstance(value, Decimal | float) else str(value)


def _render(template: str, item: Item | None, book: FactBook, params: dict[str, Any]) -> str:
    def value(name: str) -> Fact | Any:
        if name == "label" and item is not None:
            return item.label
        if item is not None and name in item.facts:
            return item.facts[name]
        if name in params:
            return params[name]
        return book.case_fact(name)

    def known(segment: str) -> bool:
        return all(
            (v.value if isinstance(v, Fact) else v) is not None
            for v in (value(m.group(1)) for m in _PLACEHOLDER.finditer(segment))
        )

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: _format(value(m.group(1)), m.group(2) or ""), text)

    text = _OPTIONAL.sub(lambda m: fill(m.group(1)) if known(m.group(1)) else "", template)
    return " ".join(fill(text).split())


def _lookup(book: FactBook, item: Item | None):
    def lookup(name: str) -> Fact:
        if item is not None and name in item.facts:
            return item.facts[name]
        return book.case_fact(name)

    return lookup


def _weigh(indicator: Indicator, item: Item | None, book: FactBook) -> tuple[int, str, tuple[str, ...]]:
    """(weight, step, adjustments): the weight step that applies, times every modifier whose
    condition holds (each named in the explanation: tijdsverloop, bewijsniveau, beëindigde relatie)."""
    lookup = _lookup(book, item)
    weight, step = indicator.weight, ""
    for option in indicator.weights:
        if "when" not in option or evaluate(option["when"], lookup, indicator.params).value:
            weight, step = option["weight"], option.get("step", "")
            break
    factor, adjustments = Decimal(1), []
    for modifier in indicator.modifiers:
        if evaluate(modifier["when"], lookup, indicator.params).value:
            factor *= Decimal(str(modifier["factor"]))
            shown = str(modifier["factor"]).replace(".", ",")
            adjustments.append(f"× {shown}: {modifier['reason']}")
    return int((weight * factor).quantize(Decimal("1"), ROUND_HALF_UP)), step, tuple(adjustments)


def _evaluate(indicator: Indicator, book: FactBook) -> tuple[list[_Hit], list[str]]:
    """(hits, missing facts). Hits empty and missing non-empty means: cannot be judged."""
    items: list[Item | None] = list(book.collection(indicator.over)) if indicator.over else [None]
    hits, missing = [], []
    for item in items:
        outcome = evaluate(indicator.when, _lookup(book, item), indicator.params)
        if outcome.value:
            weight, step, adjustments = _weigh(indicator, item, book)
            hits.append(_Hit(item, weight, step, outcome.evidence, adjustments))
        elif outcome.value is None:
            missing += [m for m in outcome.missing if m not in missing]
    return hits, missing


def _finding(indicator: Indicator, hits: list[_Hit], book: FactBook, catalogue: Catalogue) -> Finding:
    top = max(hits, key=lambda h: h.weight)
    if indicator.count == "per_item":
        weight = sum(h.weight for h in hits)
        weight = min(weight, indicator.max_weight) if indicator.max_weight is not None else weight
    else:
        weight = top.weight
    evidence: list[Evidence] = []
    for e in (e for hit in hits for e in hit.evidence):
        if e not in evidence:
            evidence.append(e)
    shown = hits if indicator.over and len(hits) > 1 else [top]
    explanation = " ".join(
        _render(indicator.explanation, h.item, book, indicator.params)
        + (f" [gewicht {h.weight}; {'; '.join(h.adjustments)}]" if h.adjustments else "")
        for h in shown
    )
    adjustments = [a for h in shown for a in h.adjustments]
    return Finding(
        indicator=indicator.id,
        title=indicator.title,
        category=indicator.category,
        weight=weight,
        applied_weight=weight,
        legal_heads=[catalogue.legal_heads.get(h, h) for h in indicator.legal_heads],
        explanation=explanation,
        evidence=evidence,
        evidence_hash=evidence_hash(evidence),
        step=top.step,
        adjustments=list(dict.fromkeys(adjustments)),
    )


def _applies(indicator: Indicator, case: Case, book: FactBook) -> bool:
    if indicator.sectors and not {s.value for s in case.sectors} & set(indicator.sectors):
        # the indicators of every sector the case's permits belong to (not none for a mixed case)
        return False
    if indicator.applies_when is not None:
        return evaluate(indicator.applies_when, _lookup(book, None), indicator.params).value is not False
    return True


def _apply_overrides(findings: list[Finding], overrides: list[Override]) -> None:
    latest = {o.indicator: o for o in overrides if not o.withdrawn}
    for finding in findings:
        override = latest.get(finding.indicator)
        if override is None:
            continue
        finding.override_motivation, finding.override_author = override.motivation, override.author
        if override.evidence_hash != finding.evidence_hash:
            finding.override_state = OverrideState.REVIEW  # the evidence changed: the officer must look again
            continue
        finding.override_state = OverrideState.APPLIED
        finding.applied_weight = 0 if override.action == SET_ASIDE else int(override.weight or 0)


def assess(
    case: Case, catalogue: Catalogue, *, assessed_by: str, now: datetime, payload: str | None = None
) -> Assessment:
    """`payload`: the stored JSON of `case` when the caller has it (saves encoding it again)."""
    book = FactBook(case, now.date())
    findings: list[Finding] = []
    not_assessable: list[NotAssessable] = []
    not_fired: list[str] = []
    for indicator in catalogue.indicators:
        if not _applies(indicator, case, book):
            continue
        hits, missing = _evaluate(indicator, book)
        if hits:
            findings.append(_finding(indicator, hits, book, catalogue))
        elif missing:
            labels = ATTRS.get(indicator.over, {})
            texts = [labels.get(m) or LABELS.get(m, m) for m in missing]
            not_assessable.append(NotAssessable(indicator=indicator.id, title=indicator.title, missing=texts))
        elif indicator.requires_check and not set(indicator.requires_check) & book.checks:
            sources = " of ".join(label(CheckSource(c)) for c in indicator.requires_check)
            not_assessable.append(
                NotAssessable(
                    indicator=indicator.id, title=indicator.title, missing=[f"raadpleging van {sources}"]
                )
            )
        else:
            not_fired.append(indicator.id)
    fired = {f.indicator for f in findings}
    for finding in findings:
        target = next((t for t in catalogue.indicator(finding.indicator).yields_to if t in fired), "")
        if target:  # the same fact already counts under `target` (de-duplication, brief §6.3)
            finding.yielded_to, finding.applied_weight = target, 0
    _apply_overrides(findings, case.overrides)
    for finding in findings:
        if catalogue.indicator(finding.indicator).route_only:
            finding.applied_weight = 0
    effective = {  # what knock-outs may rest on: not set aside, and not weighed down to nothing
        f.indicator: f
        for f in findings
        if (f.override_state is not OverrideState.APPLIED or f.applied_weight > 0)
        and (f.weight > 0 or catalogue.indicator(f.indicator).route_only)
    }
    knockouts, route = [], ""
    for ko in catalogue.knockouts:
        cond = ko["when"]
        hit = cond.get("fired") in effective and (
            not cond.get("step") or effective[cond["fired"]].step == cond["step"]
        )
        if cond.get("all_fired"):
            hit = all(i in effective for i in cond["all_fired"])
        if hit:
            knockouts.append(f"{ko['id']}: {ko['title']}")
            route = route or ko.get("route", "")
    score = sum(f.applied_weight for f in findings)
    band = catalogue.band_for(score)
    if knockouts:
        band = catalogue.band(catalogue.knockout_band)
    route_text, ground = "", ""
    if route:
        route_texts = catalogue.routes[route]
        # the track decides the ground (v2: art. 4 lid 1, art. 4 lid 2 or art. 4:5 Awb); v1 knew two
        ground = str(book.case_fact("non_cooperation_ground").value or "")
        track = "bestaande_vergunning" if case.procedure is ProcedureKind.BESTAANDE_VERGUNNING else "aanvraag"
        route_text = route_texts.get(ground) or route_texts[track]
        if ground not in route_texts:
            ground = ""
    not_counted = [
        f"afwijking {o.indicator} ingetrokken door {o.withdrawn_by}: {o.withdrawn_reason}"
        for o in case.overrides
        if o.withdrawn
    ] + [
        f"gebeurtenis {label(e.kind)} van {e.date:%d-%m-%Y} ingetrokken door {e.withdrawn_by}: "
        f"{e.withdrawn_reason}"
        for e in case.events
        if e.withdrawn
    ]
    counter = [  # shown beside the findings, never subtracted: the jurist weighs it (brief §6.3)
        f"{item.label} ({', '.join(e.value for e in item.facts['age_years'].evidence)})"
        for item in book.collection("earlier_no_danger")
    ]
    from bibob_desk.risk.offences import load_taxonomy

    return Assessment(
        offences_version=load_taxonomy().version,
        counter_evidence=counter,
        not_counted=not_counted,
        case_id=case.id,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        catalogue_sha256=catalogue.sha256,
        assessed_at=now.isoformat(timespec="seconds"),
        assessed_by=assessed_by,
        reference_date=case.reference_date.isoformat(),
        inputs_hash=inputs_hash(payload if payload is not None else case_payload(case), catalogue),
        score=score,
        band=band.name,
        advice=band.advice,
        knockouts=knockouts,
        route=route.upper(),
        route_text=route_text,
        ground=ground,
        findings=findings,
        not_assessable=not_assessable,
        not_fired=not_fired,
    )
