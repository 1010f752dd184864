"""Derive the JSON Schema of the exchange format from the domain model's type hints.

The generated schema is committed as `case-<N>.schema.json`; a test fails when the model and the
committed file drift apart. Regenerate with `python -m bibob_desk.exchange.schema_gen`.
"""

from __future__ import annotations

import json
import types
from dataclasses import MISSING, fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from bibob_desk.domain.model import Case

FORMAT_VERSION = 7
FORMAT_ID = f"bibob-desk/case@{FORMAT_VERSION}"
SCHEMA_PATH = Path(__file__).with_name(f"case-{FORMAT_VERSION}.schema.json")

MAX_AMOUNT = 10**12
LONG_TEXT_FIELDS = {
    "notes",
    "text",
    "description",
    "experience",
    "result",
    "activities",
    "motivation",
    "geschiktheid",
    "noodzakelijkheid",
    "evenwichtigheid",
    "danger",
    "summary",
    "points",
    "response",
    "questions",
    "grounds",
}
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 20_000
MAX_ITEMS = 1000
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _type_schema(tp: Any, name: str, defs: dict[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = next(a for a in get_args(tp) if a is not type(None))
        return {"anyOf": [_type_schema(inner, name, defs), {"type": "null"}]}
    if origin is list:
        return {
            "type": "array",
            "maxItems": MAX_ITEMS,
            "items": _type_schema(get_args(tp)[0], name, defs),
        }
    if isinstance(tp, type) and is_dataclass(tp):
        _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer", "minimum": 0, "maximum": 100_000}
    if tp is Decimal:
        return {"type": "number", "minimum": -MAX_AMOUNT, "maximum": MAX_AMOUNT}
    if tp is date:
        return {"type": "string", "pattern": DATE_PATTERN}
    if get_origin(tp) is dict or tp is Any:
        return {"type": "object", "maxProperties": 2000}
    if tp is str:
        limit = LONG_TEXT_MAX if name in LONG_TEXT_FIELDS else SHORT_TEXT_MAX
        return {"type": "string", "maxLength": limit}
    raise TypeError(f"no schema for {tp!r} ({name})")


def _object_schema(cls: type, defs: dict[str, Any]) -> None:
    if cls.__name__ in defs:
        return
    defs[cls.__name__] = {}  # placeholder against recursion
    hints = get_type_hints(cls)
    props = {f.name: _type_schema(hints[f.name], f.name, defs) for f in fields(cls)}
    required = [
        f.name
        for f in fields(cls)
        if f.default is MISSING and f.default_factory is MISSING and f.name != "id"
    ]
    if cls is not Case and "id" in props and hints["id"] is str:
        required.insert(0, "id")
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
    if required:
        schema["required"] = required
    defs[cls.__name__] = schema


def build_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    _object_schema(Case, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:bibob-desk:case:{FORMAT_VERSION}",
        "title": "bibob-desk dossier (uitwisselformaat)",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "case"],
        "properties": {"format": {"const": FORMAT_ID}, "case": {"$ref": "#/$defs/Case"}},
        "$defs": dict(sorted(defs.items())),
    }


def render() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"geschreven: {SCHEMA_PATH}")
