"""The indicator catalogue: loaded from YAML, checked for structure and meaning, immutable."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibob_desk.content.safe_yaml import ContentError, Nodes, read_validated
from bibob_desk.domain.enums import CheckSource, Sector
from bibob_desk.risk import fact_collections, fact_library  # noqa: F401 - register the facts
from bibob_desk.risk.facts import ATTRS, CASE_FACTS
from bibob_desk.risk.logic import OPS

COND: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/cond"}},
        "any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/cond"}},
        "not": {"$ref": "#/$defs/cond"},
        "fact": {"type": "string"},
        "op": {"enum": list(OPS)},
        "value": {},
        "param": {"type": "string"},
        "other": {"type": "string"},
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["catalogue", "bands", "indicators"],
    "properties": {
        "catalogue": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "version", "title"],
            "properties": {
                "id": {"type": "string"},
                "version": {"type": "integer", "minimum": 1},
                "title": {"type": "string"},
                "source": {"type": "string"},
            },
        },
        "params": {"type": "object"},
        "legal_heads": {"type": "object", "additionalProperties": {"type": "string"}},
        "routes": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["aanvraag", "bestaande_vergunning"],
                "properties": {
                    "aanvraag": {"type": "string"},
                    "bestaande_vergunning": {"type": "string"},
                    # v2: per legal ground (LegalGround values), chosen by the case's track
                    "art4_lid1": {"type": "string"},
                    "art4_lid2": {"type": "string"},
                    "awb_4_5": {"type": "string"},
                },
            },
        },
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["band", "min", "advice"],
                "properties": {
                    "band": {"type": "string"},
                    "min": {"type": "integer", "minimum": 0},
                    "max": {"type": "integer"},
                    "advice": {"type": "string"},
                    "colour": {"type": "string"},
                },
            },
        },
        "knockout_band": {"type": "string"},
        "knockouts": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "when"],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "route": {"type": "string"},
                    "when": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {
                            "fired": {"type": "string"},
                            "step": {"type": "string"},
                            "all_fired": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        },
        "indicators": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/indicator"}},
    },
    "$defs": {
        "cond": COND,
        "indicator": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "category", "legal_heads", "when", "explanation"],
            "properties": {
                "id": {"type": "string", "pattern": "^[A-Z]{2,4}-[0-9]{2}$"},
                "title": {"type": "string"},
                "category": {"type": "string"},
                "reads": {"type": "string"},
                "sectors": {"type": "array", "items": {"enum": [s.value for s in Sector]}},
                "legal_heads": {"type": "array", "items": {"type": "string"}},
                "params": {"type": "object"},
                "over": {"type": "string"},
                "applies_when": {"$ref": "#/$defs/cond"},
                "when": {"$ref": "#/$defs/cond"},
                "weight": {"type": "integer", "minimum": 0, "maximum": 20},
                "weights": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["weight"],
                        "properties": {
                            "when": {"$ref": "#/$defs/cond"},
                            "weight": {"type": "integer", "minimum": 0},
                            "step": {"type": "string"},
                        },
                    },
                },
                "modifiers": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["when", "factor", "reason"],
                        "properties": {
                            "when": {"$ref": "#/$defs/cond"},
                            "factor": {"type": "number", "minimum": 0},
                            "reason": {"type": "string"},
                        },
                    },
                },
                "count": {"enum": ["once", "per_item"]},
                "max_weight": {"type": "integer", "minimum": 0},
                "requires_check": {"type": "array", "items": {"enum": [c.value for c in CheckSource]}},
                "yields_to": {"type": "array", "items": {"type": "string"}},
                "route_only": {"type": "boolean"},
                "explanation": {"type": "string"},
            },
        },
    },
}


class CatalogueError(ContentError):
    """A catalogue that cannot be used: file, line, field and a Dutch reason."""


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    category: str
    legal_heads: tuple[str, ...]
    when: dict[str, Any]
    explanation: str
    params: dict[str, Any] = field(default_factory=dict)
    over: str = ""
    sectors: tuple[str, ...] = ()
    applies_when: dict[str, Any] | None = None
    weight: int = 0
    weights: tuple[dict[str, Any], ...] = ()
    modifiers: tuple[dict[str, Any], ...] = ()
    count: str = "once"
    max_weight: int | None = None
    requires_check: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()
    route_only: bool = False
    reads: str = ""


@dataclass(frozen=True)
class Band:
    """A triage band of the catalogue: from `min` points, its colour and suggested next step."""

    name: str
    min: int
    advice: str
    colour: str = "#555555"
    max: int | None = None


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: int
    title: str
    sha256: str
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    knockouts: tuple[dict[str, Any], ...]
    legal_heads: dict[str, str]
    routes: dict[str, dict[str, str]]
    knockout_band: str
    params: dict[str, Any]

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def band(self, name: str) -> Band:
        return next(b for b in self.bands if b.name == name)

    def band_for(self, score: int) -> Band:
        return next(b for b in reversed(self.bands) if score >= b.min)


def load_catalogue(path: Path) -> Catalogue:
    try:
        raw = Path(path).read_bytes()
    except OSError:
        raise CatalogueError(Path(path).name, None, "", "het bestand kan niet worden gelezen") from None
    return load_catalogue_bytes(raw, Path(path).name)


def load_catalogue_bytes(raw: bytes, file: str) -> Catalogue:
    data, nodes = read_validated(raw, file, SCHEMA, CatalogueError)
    _check_meaning(data, nodes)
    indicators = tuple(_indicator(i, data.get("params", {})) for i in data["indicators"])
    meta = data["catalogue"]
    return Catalogue(
        id=meta["id"],
        version=meta["version"],
        title=meta["title"],
        sha256=hashlib.sha256(raw).hexdigest(),
        indicators=indicators,
        bands=tuple(
            Band(b["band"], b["min"], b["advice"], b.get("colour", "#555555"), b.get("max"))
            for b in sorted(data["bands"], key=lambda b: b["min"])
        ),
        knockouts=tuple(data.get("knockouts", ())),
        legal_heads=data.get("legal_heads", {}),
        routes=data.get("routes", {}),
        knockout_band=data.get("knockout_band", data["bands"][-1]["band"]),
        params=data.get("params", {}),
    )


def _indicator(d: dict[str, Any], shared: dict[str, Any]) -> Indicator:
    return Indicator(
        id=d["id"],
        title=d["title"],
        category=d["category"],
        legal_heads=tuple(d["legal_heads"]),
        when=d["when"],
        explanation=d["explanation"],
        params={**shared, **d.get("params", {})},
        over=d.get("over", ""),
        sectors=tuple(d.get("sectors", ())),
        applies_when=d.get("applies_when"),
        weight=d.get("weight", 0),
        weights=tuple(d.get("weights", ())),
        modifiers=tuple(d.get("modifiers", ())),
        count=d.get("count", "once"),
        max_weight=d.get("max_weight"),
        requires_check=tuple(d.get("requires_check", ())),
        yields_to=tuple(d.get("yields_to", ())),
        route_only=d.get("route_only", False),
        reads=d.get("reads", ""),
    )


def _conditions(d: dict[str, Any]) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    out: list[tuple[tuple[str | int, ...], dict[str, Any]]] = [(("when",), d["when"])]
    if d.get("applies_when"):
        out.append((("applies_when",), d["applies_when"]))
    out += [(("weights", i, "when"), w["when"]) for i, w in enumerate(d.get("weights", ())) if "when" in w]
    out += [(("modifiers", i, "when"), m["when"]) for i, m in enumerate(d.get("modifiers", ()))]
    return out


def _check_condition(
    cond: dict[str, Any], path: tuple, names: set[str], params: dict[str, Any], nodes: Nodes
) -> None:
    for key in ("all", "any"):
        for i, child in enumerate(cond.get(key, ())):
            _check_condition(child, (*path, key, i), names, params, nodes)
    if "not" in cond:
        _check_condition(cond["not"], (*path, "not"), names, params, nodes)
    if "fact" in cond:
        if "op" not in cond:
            raise nodes.fail(path, "een vergelijking heeft 'op' nodig")
        for key in ("fact", "other"):
            if key in cond and cond[key] not in names:
                raise nodes.fail((*path, key), f"onbekend feit '{cond[key]}'")
        if "param" in cond and cond["param"] not in params:
            raise nodes.fail((*path, "param"), f"parameter '{cond['param']}' ontbreekt")
        rhs = sum(k in cond for k in ("value", "param", "other"))
        if cond["op"] in ("is_true", "is_false", "known") and rhs:
            raise nodes.fail((*path, "op"), f"'{cond['op']}' vergelijkt met niets")
        if cond["op"] not in ("is_true", "is_false", "known") and rhs != 1:
            raise nodes.fail(
                (*path, "op"), f"'{cond['op']}' heeft precies één van value, param of other nodig"
            )


def _check_meaning(data: dict[str, Any], nodes: Nodes) -> None:
    ids = [i["id"] for i in data["indicators"]]
    shared = data.get("params", {})
    heads = set(data.get("legal_heads", {}))
    for index, d in enumerate(data["indicators"]):
        base = ("indicators", index)
        if ids.count(d["id"]) > 1:
            raise nodes.fail((*base, "id"), f"dubbele indicator '{d['id']}'")
        if d.get("over") and d["over"] not in ATTRS:
            raise nodes.fail((*base, "over"), f"onbekende verzameling '{d['over']}'")
        if "weight" not in d and "weights" not in d and not d.get("route_only"):
            raise nodes.fail(base, "gewicht ontbreekt (weight of weights)")
        names = set(CASE_FACTS) | set(ATTRS.get(d.get("over", ""), ()))
        params = {**shared, **d.get("params", {})}
        for path, cond in _conditions(d):
            _check_condition(cond, (*base, *path), names, params, nodes)
        for head in d["legal_heads"]:
            if heads and head not in heads:
                raise nodes.fail((*base, "legal_heads"), f"onbekende rechtsgrond '{head}'")
        for other in d.get("yields_to", ()):
            if other not in ids:
                raise nodes.fail((*base, "yields_to"), f"onbekende indicator '{other}'")
    for index, ko in enumerate(data.get("knockouts", ())):
        for ref in [ko["when"].get("fired", ""), *ko["when"].get("all_fired", ())]:
            if ref and ref not in ids:
                raise nodes.fail(("knockouts", index, "when"), f"onbekende indicator '{ref}'")
        if ko.get("route") and ko["route"] not in data.get("routes", {}):
            raise nodes.fail(("knockouts", index, "route"), f"onbekende route '{ko['route']}'")
