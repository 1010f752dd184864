"""Read and write `bibob-desk/case@N` files.

Import validates everything before anything is written: JSON Schema (each error with its JSON
path), then references, identifiers and hostile text. Unknown fields are reported as warnings
and are not stored. Older format versions are upgraded step by step before validation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from bibob_desk.domain.codec import from_primitive, to_primitive
from bibob_desk.domain.model import Case
from bibob_desk.domain.text import clean_text
from bibob_desk.exchange.schema_gen import FORMAT_ID, FORMAT_VERSION, LONG_TEXT_MAX, SCHEMA_PATH
from bibob_desk.validation.identifiers import check_bsn, check_iban, check_kvk, check_postcode, check_rsin

MAX_FILE_BYTES = 20 * 1024 * 1024
_FORMAT_RE = re.compile(r"bibob-desk/case@([0-9]{1,4})", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)  # every such value must be a real date


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """case@2 added `answers` (form answers with form id, version and hash); nothing else changed."""
    return {**data, "format": "bibob-desk/case@2"}


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """case@3 added `overrides` (the officer's motivated changes to risk findings)."""
    return {**data, "format": "bibob-desk/case@3"}


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """case@4 added `events` (dated events from which the deadlines are computed)."""
    return {**data, "format": "bibob-desk/case@4"}


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """case@5 added `legal` (degree of danger, proportionality) and `voorschriften`."""
    return {**data, "format": "bibob-desk/case@5"}


def _v5_to_v6(data: dict[str, Any]) -> dict[str, Any]:
    """case@6 added behandelaar and jurist, the LBB advice, zienswijzen, the decision's content, the
    closure with its result, and an IBAN on financing and payments."""
    return {**data, "format": "bibob-desk/case@6"}


def _v6_to_v7(data: dict[str, Any]) -> dict[str, Any]:
    """case@7 added the existing permit (number, grant date, holder), the answer state and open
    questions of an event, the recorded legal ground, the decision's date of effect and the
    contradictions between what was declared and what was found."""
    return {**data, "format": "bibob-desk/case@7"}


# Upgraders from version N to N+1; every format change adds one here.
UPGRADERS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
    6: _v6_to_v7,
}

# Fields that hold a party id, per object type path suffix.
_PARTY_REFS = {"party", "counterparty", "provider", "seller", "payee", "operator", "holder"}


@dataclass(frozen=True)
class Issue:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class ImportResult:
    case: Case | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.case is not None and not self.errors


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@cache
def _fast_validator() -> Any:
    """jsonschema-rs on the same schema (issue 18: ~200× faster): a valid file passes on it alone;
    only a file it finds wanting goes to jsonschema, whose errors we translate into Dutch. Without
    the package (a build that lacks it) every file takes the slow path — same answers."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def schema_errors(document: Any) -> list[jsonschema.ValidationError]:
    """Every schema error of a document (none when the fast validator accepts it)."""
    fast = _fast_validator()
    if fast is not None and fast.is_valid(document):
        return []
    return sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))


def dumps_case(case: Case) -> str:
    """The canonical text of a case file (stable key order, 2-space indent, UTF-8)."""
    envelope = {"format": FORMAT_ID, "case": to_primitive(case)}
    return json.dumps(envelope, indent=2, ensure_ascii=False) + "\n"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is geen geldig getal")


def parse_case_text(text: str) -> ImportResult:
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except RecursionError:
        return ImportResult(errors=[Issue("$", "het bestand is te diep genest")])
    except ValueError as exc:
        return ImportResult(errors=[Issue("$", f"geen geldige JSON ({_json_position(exc)})")])
    return validate_document(data)


def read_case_file(path: Path) -> ImportResult:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ImportResult(errors=[Issue("$", "het bestand is groter dan 20 MB")])
        raw = path.read_bytes()
    except FileNotFoundError:
        return ImportResult(errors=[Issue("$", "bestand niet gevonden")])
    except IsADirectoryError:
        return ImportResult(errors=[Issue("$", "dit is een map, geen bestand")])
    except OSError:
        return ImportResult(errors=[Issue("$", "het bestand kan niet worden gelezen")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportResult(errors=[Issue("$", "het bestand is geen UTF-8-tekst")])
    return parse_case_text(text)


def _json_position(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"regel {exc.lineno}, kolom {exc.colno}"
    return str(exc)


def _upgrade(data: dict[str, Any]) -> tuple[dict[str, Any] | None, Issue | None]:
    fmt = data.get("format")
    match = _FORMAT_RE.fullmatch(fmt) if isinstance(fmt, str) else None
    if match is None:
        return None, Issue("$.format", f"onbekend formaat; verwacht '{FORMAT_ID}'")
    version = int(match.group(1))
    if version > FORMAT_VERSION:
        return None, Issue("$.format", "gemaakt met een nieuwere versie van bibob-desk")
    while version < FORMAT_VERSION:
        upgrader = UPGRADERS.get(version)
        if upgrader is None:
            return None, Issue("$.format", f"versie {version} wordt niet meer ondersteund")
        data, version = upgrader(data), version + 1
    return data, None


def validate_document(data: Any) -> ImportResult:
    result = ImportResult()
    if not isinstance(data, dict):
        result.errors.append(Issue("$", "verwacht een JSON-object met 'format' en 'case'"))
        return result
    upgraded, problem = _upgrade(data)
    if problem is not None or upgraded is None:
        result.errors.append(problem or Issue("$", "onbekend formaat"))
        return result
    for error in schema_errors(upgraded):
        if error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for name in sorted(set(error.instance) - known):
                result.warnings.append(Issue(f"{error.json_path}.{name}", "onbekend veld; niet opgeslagen"))
        else:
            result.errors.append(Issue(error.json_path, _dutch(error)))
    case_data = upgraded.get("case")
    if isinstance(case_data, dict):
        _clean_strings(case_data, "$.case", result)
        _check_semantics(case_data, result)
    if not result.errors and isinstance(case_data, dict):
        result.case = from_primitive(Case, case_data)
    return result


def _dutch(error: jsonschema.ValidationError) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "anyOf" and error.context:
        # Optional fields are anyOf [T, null]: explain why the value is not a valid T.
        first_branch = [e for e in error.context if e.relative_schema_path[0] == 0]
        if first_branch:
            return _dutch(first_branch[0])
    if kind == "required":
        missing = [n for n in value if isinstance(error.instance, dict) and n not in error.instance]
        return f"verplicht veld ontbreekt: {', '.join(missing)}"
    if kind in ("type", "anyOf"):
        return "verkeerd soort waarde"
    if kind == "enum":
        return "onbekende waarde; toegestaan: " + ", ".join(str(v) for v in value)
    if kind == "const":
        return f"verwacht '{value}'"
    if kind == "maxLength":
        return f"te lang (hoogstens {value} tekens)"
    if kind == "maxItems":
        return f"te veel elementen (hoogstens {value})"
    if kind == "pattern":
        return "geen geldige datum (JJJJ-MM-DD)"
    if kind in ("minimum", "maximum"):
        return "waarde buiten het toegestane bereik"
    return "ongeldige waarde"


def _walk(node: Any, path: str, out: list | None = None) -> list[tuple[Any, str | int, str]]:
    """(container, key, path) for every value below node, in document order."""
    out = [] if out is None else out
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        child = _child(path, key)
        out.append((node, key, child))
        if isinstance(value, dict | list):
            _walk(value, child, out)
    return out


def _clean_strings(node: Any, path: str, result: ImportResult) -> None:
    """clean_text on every string below node, in document order (a plain recursion: the generator
    walk cost more than the cleaning itself on a bulk import, issue 18)."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, str):
            cleaned = clean_text(value, max_length=LONG_TEXT_MAX)
            if cleaned.problem:
                result.errors.append(Issue(_child(path, key), cleaned.problem))
            elif cleaned.warning:
                node[key] = cleaned.text
                result.warnings.append(Issue(_child(path, key), cleaned.warning))
        elif isinstance(value, dict | list):
            _clean_strings(value, _child(path, key), result)


def _child(path: str, key: str | int) -> str:
    return f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]"


def _is_date_field(key: str | int) -> bool:
    return isinstance(key, str) and (key == "date" or key.endswith("_date"))


def _dicts(case: dict[str, Any], name: str) -> list[tuple[int, dict[str, Any]]]:
    items = case.get(name)
    return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)] if isinstance(items, list) else []


def _check_semantics(case: dict[str, Any], result: ImportResult) -> None:
    """Checks beyond the schema. Defensive: runs on documents that also have schema errors."""
    party_ids: set[str] = set()
    for index, party in _dicts(case, "parties"):
        path = f"$.case.parties[{index}]"
        party_id = party.get("id")
        if isinstance(party_id, str) and party_id in party_ids:  # a list or object here: a schema error
            result.errors.append(Issue(f"{path}.id", "dubbele partij-id"))
        if isinstance(party_id, str):
            party_ids.add(party_id)
        for name, check in (("bsn", check_bsn), ("rsin", check_rsin), ("kvk", check_kvk)):
            if isinstance(party.get(name), str) and not (verdict := check(party[name])).valid:
                result.errors.append(Issue(f"{path}.{name}", verdict.message))
    for list_name in (
        "relations",
        "financing",
        "payments",
        "premises",
        "antecedents",
        "history",
        "signals",
        "zienswijzen",
        "contradictions",
    ):
        seen: set[str] = set()
        for index, item in _dicts(case, list_name):
            item_id = item.get("id")
            if isinstance(item_id, str) and item_id in seen:
                result.errors.append(Issue(f"$.case.{list_name}[{index}].id", "dubbele id"))
            if isinstance(item_id, str):
                seen.add(item_id)
    facts = {k: v for k, v in case.items() if k != "answers"}  # answers are free-form form data
    for container, key, path in _walk(facts, "$.case"):
        value = container[key]
        if key in _PARTY_REFS and isinstance(value, str) and value not in party_ids:
            result.errors.append(Issue(path, f"verwijst naar onbekende partij '{value}'"))
        elif key == "mortgagees" and isinstance(value, list):
            for i, ref in enumerate(value):
                if isinstance(ref, str) and ref not in party_ids:
                    result.errors.append(Issue(f"{path}[{i}]", f"verwijst naar onbekende partij '{ref}'"))
        elif isinstance(value, str) and (_is_date_field(key) or _ISO_DATE.fullmatch(value)):
            try:
                date.fromisoformat(value)
            except ValueError:
                result.errors.append(Issue(path, "geen bestaande datum"))
        elif key == "iban" and isinstance(value, str) and not (verdict := check_iban(value)).valid:
            result.errors.append(Issue(path, verdict.message))
        elif (
            key == "postcode" and isinstance(value, str) and value and container.get("country", "NL") == "NL"
        ):
            verdict = check_postcode(value)
            if not verdict.valid:
                result.errors.append(Issue(path, verdict.message))
    if "permit_kinds" in case and not case.get("permit_kinds"):
        result.errors.append(Issue("$.case.permit_kinds", "minstens één soort vergunning of rechtshandeling"))
