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
    encode = _ENCODERS.get(cls)
    if encode is None:
        encode = _ENCODERS[cls] = _encoder(cls)
    return encode(obj)


def _encoder(cls: type) -> Any:
    """How to encode values of one class, chosen once per class (every save encodes the case)."""
    if hasattr(cls, "__dataclass_fields__"):
        names = _field_names(cls)

        def encode(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name in names:
                value = getattr(obj, name)
                if value is None or value == "" or (type(value) is list and not value):
                    continue
                out[name] = to_primitive(value)
            return out

        return encode
    if cls in (str, int, bool, float):
        return _same
    if issubclass(cls, Enum):
        return lambda obj: obj.value
    if issubclass(cls, Decimal):
        return lambda obj: int(obj) if obj == obj.to_integral_value() else float(obj)
    if issubclass(cls, date):
        return lambda obj: obj.isoformat()
    if issubclass(cls, list | tuple):
        return lambda obj: [to_primitive(v) for v in obj]
    if issubclass(cls, dict):  # free-form JSON (form answers) is kept as it is
        return lambda obj: {str(k): to_primitive(v) for k, v in obj.items()}
    if issubclass(cls, float | int | str):
        return _same

    def refuse(obj: Any) -> Any:
        raise TypeError(f"cannot encode {type(obj).__name__}")

    return refuse


def _same(obj: Any) -> Any:
    return obj


_ENCODERS: dict[type, Any] = {}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_primitive(cls: type[T], data: dict[str, Any]) -> T:
    """Build a model object from values that already passed schema validation.

    Keys the model does not know are ignored (the exchange layer reports them first).
    """
    decode: Any = _dataclass_decoder(cls)  # type: ignore[arg-type]  # mypy: a class is Hashable
    return decode(data)


@cache
def _dataclass_decoder(cls: type) -> Any:
    """One decoder per model class, built once from its type hints (decoding every case of a
    cross-case view, issue 18, made the per-value type inspection the largest cost)."""
    hints = _hints(cls)
    plan = tuple((f.name, _decoder(hints[f.name])) for f in fields(cls))

    def decode(data: dict[str, Any]) -> Any:
        return cls(**{name: convert(data[name]) for name, convert in plan if name in data})

    return decode


@cache
def _decoder(tp: Any) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        inner = _decoder(next(a for a in get_args(tp) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin in (list, tuple):
        item = _decoder(get_args(tp)[0])
        if origin is list:
            return lambda value: [item(v) for v in value]
        return lambda value: tuple(item(v) for v in value)
    if isinstance(tp, type) and is_dataclass(tp):
        return _dataclass_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if tp is Decimal:
        return lambda value: Decimal(str(value))
    if tp is date:
        return date.fromisoformat
    return _plain


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind is list:
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):  # free-form JSON parsed with Decimal floats
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
