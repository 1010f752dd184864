"""Dataclass <-> plain JSON values, driven by the type hints of the model.

Canonical form: fields that are None, "" or [] are left out; dates are ISO strings; money and
percentages are JSON numbers (integers when whole); enums are their string values. The same
function serves the exchange format and the store's payload, so both stay in step with the model.
"""

from __future__ import annotations

import types
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def to_primitive(obj: Any) -> Any:
    """Turn a model object into JSON-ready values (dict, list, str, int, float, bool)."""
    cls = type(obj)
    if hasattr(cls, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        for name in _field_names(cls):  # type: ignore[arg-type]  # mypy: a class is Hashable
            value = getattr(obj, name)
            if value is None or value == "" or (isinstance(value, list) and not value):
                continue
            out[name] = to_primitive(value)
        return out
    if cls is str or cls is int or cls is bool:
        return obj
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_primitive(v) for v in obj]
    if isinstance(obj, dict):  # free-form JSON (form answers) is kept as it is
        return {str(k): to_primitive(v) for k, v in obj.items()}
    if isinstance(obj, float | int | str):
        return obj
    raise TypeError(f"cannot encode {type(obj).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_primitive(cls: type[T], data: dict[str, Any]) -> T:
    """Build a model object from values that already passed schema validation.

    Keys the model does not know are ignored (the exchange layer reports them first).
    """
    hints = _hints(cls)  # type: ignore[arg-type]  # mypy: a class is Hashable
    kwargs = {
        f.name: _decode(hints[f.name], data[f.name])
        for f in fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**kwargs)


def _decode(tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        inner = next(a for a in get_args(tp) if a is not type(None))
        return _decode(inner, value)
    if origin in (list, tuple):
        items = [_decode(get_args(tp)[0], v) for v in value]
        return items if origin is list else tuple(items)
    if isinstance(tp, type) and is_dataclass(tp):
        return from_primitive(tp, value)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if tp is Decimal:
        return Decimal(str(value))
    if tp is date:
        return date.fromisoformat(value)
    if isinstance(value, Decimal):  # free-form JSON parsed with Decimal floats
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _decode(Any, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(Any, v) for v in value]
    return value
