"""A hardened YAML reader: standard tags only, no aliases, no duplicate keys, bounded depth and size,
finite numbers. Every value's line is remembered so errors can name file, line and field."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 512 * 1024
MAX_DEPTH = 40
MAX_NODES = 50_000
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}
Path_ = tuple[str | int, ...]


class ContentError(Exception):
    """A content file is malformed: file, line and field, with a Dutch message."""

    def __init__(self, file: str, line: int | None, field: str, message: str) -> None:
        self.file, self.line, self.field, self.message = file, line, field, message
        where = f"{file}, regel {line}" if line else file
        super().__init__(f"{where}, veld {field or '(bestand)'}: {message}")


def field_name(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class Nodes:
    """YAML nodes -> plain values, remembering the line of every path."""

    def __init__(self, file: str, error: type[ContentError] = ContentError) -> None:
        self.file = file
        self.error = error
        self.lines: dict[Path_, int] = {}
        self._seen: set[int] = set()
        self._count = 0
        self._scalars = yaml.SafeLoader("")

    def fail(self, path: Path_, message: str, node: yaml.Node | None = None) -> ContentError:
        line = node.start_mark.line + 1 if node is not None else self.line(path)
        return self.error(self.file, line, field_name(path), message)

    def line(self, path: Path_) -> int | None:
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return None

    def value(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            raise self.fail(path, f"het bestand heeft meer dan {MAX_NODES} elementen", node)
        if depth > MAX_DEPTH:
            raise self.fail(path, f"te diep genest (meer dan {MAX_DEPTH} niveaus)", node)
        if id(node) in self._seen:
            raise self.fail(path, "ankers en aliassen (&, *) zijn niet toegestaan", node)
        self._seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise self.fail(path, f"YAML-tag '{node.tag}' is niet toegestaan", node)
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    raise self.fail(path, "sleutels moeten tekst zijn", key_node)
                key = key_node.value
                if key in out:
                    raise self.fail((*path, key), f"sleutel '{key}' staat er twee keer", key_node)
                out[key] = self.value(value_node, (*path, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        value = self._scalars.construct_object(node)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(path, "getal is oneindig of geen getal", node)
        return value


def read_yaml(raw: bytes, file: str, error: type[ContentError] = ContentError) -> tuple[Any, Nodes]:
    """Parse YAML bytes into plain values plus the line map; raises `error` (a ContentError)."""
    if len(raw) > MAX_BYTES:
        raise error(file, None, "", f"het bestand is groter dan {MAX_BYTES // 1024} kB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(file, None, "", "het bestand is geen UTF-8-tekst") from None
    nodes = Nodes(file, error)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = nodes.value(root) if root is not None else None
    except ContentError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise error(file, line, "", f"geen geldige YAML ({exc.problem or 'onleesbaar'})") from None
    except (yaml.YAMLError, ValueError, TypeError):
        raise error(file, None, "", "geen geldige YAML") from None
    except RecursionError:
        raise error(file, None, "", "te diep genest") from None
    return data, nodes


def read_validated(
    raw: bytes, file: str, schema: dict[str, Any], error: type[ContentError] = ContentError
) -> tuple[Any, Nodes]:
    """Parse YAML safely and check it against a JSON Schema; the first problem names file and line."""
    import jsonschema

    data, nodes = read_yaml(raw, file, error)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if errors:
        worst = jsonschema.exceptions.best_match(errors)
        raise nodes.fail(tuple(worst.absolute_path), f"ongeldige waarde ({worst.validator})")
    return data, nodes


def load_validated(
    path: Path, schema: dict[str, Any], error: type[ContentError] = ContentError
) -> tuple[Any, Nodes]:
    """``read_validated`` on a file; an unreadable file is the same kind of error."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise error(path.name, None, "", "het bestand kan niet worden gelezen") from None
    return read_validated(raw, path.name, schema, error)
