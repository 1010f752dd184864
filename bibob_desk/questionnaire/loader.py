"""Load a form definition. Anything malformed or hostile becomes one FormDefinitionError naming
file, line and field; nothing else escapes (a hypothesis test holds us to that).

Pipeline: size limit -> YAML composed to nodes (standard tags only; no aliases, duplicate keys or
deep nesting) -> JSON Schema for the structure -> meaning: ids, references, binds, cycles, regexes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import jsonschema

from bibob_desk.content.safe_yaml import ContentError, Nodes, Path_, read_yaml
from bibob_desk.questionnaire import binds
from bibob_desk.questionnaire.definition import (
    Attachment,
    Choice,
    Condition,
    Constraint,
    FormDefinition,
    OfficialRef,
    Question,
    QuestionType,
    RepeatGroup,
    Section,
)
from bibob_desk.questionnaire.form_schema import SCHEMA
from bibob_desk.questionnaire.regex_safety import regex_problem


def load_form(path: Path) -> FormDefinition:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raise FormDefinitionError(path.name, None, "", "het bestand kan niet worden gelezen") from None
    return load_form_bytes(raw, path.name)


class FormDefinitionError(ContentError):
    """The one error type of the form loader: file, line and field, with a Dutch message."""


def load_form_bytes(raw: bytes, file: str) -> FormDefinition:
    data, nodes = read_yaml(raw, file, FormDefinitionError)
    _check_structure(data, nodes)
    form = _Builder(nodes).build(data)
    return FormDefinition(
        id=form["id"],
        version=form["version"],
        title=form["title"],
        kind=form["kind"],
        sections=form["sections"],
        source=file,
        sha256=hashlib.sha256(raw).hexdigest(),
        official_source=form.get("official_source", ""),
        permit_kinds=tuple(form.get("permit_kinds", ())),
    )


_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _check_structure(data: Any, nodes: Nodes) -> None:
    errors = list(_VALIDATOR.iter_errors(data))
    if not errors:
        return
    error = _innermost(jsonschema.exceptions.best_match(errors))
    path = tuple(error.absolute_path)
    raise nodes.fail(path, _dutch_schema_message(error))


def _innermost(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For 'one of these shapes' errors, explain the shape the author evidently meant."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        branches: dict[int, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        instance = error.instance
        if isinstance(instance, dict) and "repeat" in instance and 1 in branches and len(branches) == 2:
            chosen = branches[1]  # section items: [question, repeat group]
        else:
            chosen = min(branches.values(), key=len)
        error = jsonschema.exceptions.best_match(chosen)
    return error


def _dutch_schema_message(error: jsonschema.ValidationError) -> str:
    kind = error.validator
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"onbekende sleutel: {', '.join(extra)}"
    if kind == "required":
        missing = [n for n in error.validator_value if n not in error.instance]
        return f"verplichte sleutel ontbreekt: {', '.join(missing)}"
    if kind == "enum":
        return "onbekende waarde; toegestaan: " + ", ".join(str(v) for v in error.validator_value)
    if kind == "type":
        return f"verkeerd soort waarde (verwacht {error.validator_value})"
    if kind == "pattern":
        return "ongeldige naam (kleine letters, cijfers en _; begint met een letter)"
    if kind in ("oneOf", "anyOf"):
        return "onbekende of onvolledige vorm (vraag, herhaalgroep of voorwaarde)"
    if kind in ("maxItems", "maxLength", "maxProperties", "maximum"):
        return "te groot of te lang"
    if kind in ("minItems", "minLength", "minimum"):
        return "te klein of leeg"
    return "ongeldige waarde"


class _Builder:
    """Meaning checks while building the immutable definition."""

    def __init__(self, nodes: Nodes) -> None:
        self.nodes = nodes
        self.choice_lists: dict[str, tuple[Choice, ...]] = {}
        self.top_ids: set[str] = set()
        self.depends: dict[str, set[str]] = {}  # question/group id -> ids its relevance reads
        self.id_lines: dict[str, int] = {}

    def fail(self, path: Path_, message: str) -> ContentError:
        return self.nodes.fail(path, message)

    def build(self, data: dict[str, Any]) -> dict[str, Any]:
        for name, items in data.get("choice_lists", {}).items():
            self.choice_lists[name] = self._choices(items, ("choice_lists", name))
        self._collect_ids(data["sections"])
        sections = tuple(self._section(s, ("sections", i)) for i, s in enumerate(data["sections"]))
        self._check_cycles()
        return {**data["form"], "sections": sections}

    def _collect_ids(self, sections: list[dict[str, Any]]) -> None:
        section_ids: set[str] = set()
        for si, section in enumerate(sections):
            if section["id"] in section_ids:
                raise self.fail(("sections", si, "id"), f"dubbele sectie-id '{section['id']}'")
            section_ids.add(section["id"])
            for ii, item in enumerate(section["items"]):
                item_id = item.get("id") or item.get("repeat")
                if item_id in self.top_ids:
                    key = "id" if "id" in item else "repeat"
                    raise self.fail(("sections", si, "items", ii, key), f"dubbele id '{item_id}'")
                self.top_ids.add(item_id)

    def _choices(self, items: list[dict[str, str]], path: Path_) -> tuple[Choice, ...]:
        values = [c["value"] for c in items]
        if len(set(values)) != len(values):
            raise self.fail(path, "dubbele keuzewaarde")
        return tuple(Choice(c["value"], c["label"]) for c in items)

    def _section(self, data: dict[str, Any], path: Path_) -> Section:
        relevant = self._condition(data.get("relevant"), (*path, "relevant"), scope=set(), allow_self=False)
        items = []
        for i, item in enumerate(data["items"]):
            item_path = (*path, "items", i)
            built = (
                self._group(item, item_path) if "repeat" in item else self._question(item, item_path, None)
            )
            if relevant is not None:
                self.depends.setdefault(built.id, set()).update(relevant.questions())
            items.append(built)
        attachments = tuple(
            Attachment(
                a["id"],
                a["label"],
                self._condition(
                    a.get("relevant"), (*path, "attachments", i, "relevant"), scope=set(), allow_self=False
                ),
            )
            for i, a in enumerate(data.get("attachments", []))
        )
        if len({a.id for a in attachments}) != len(attachments):
            raise self.fail((*path, "attachments"), "dubbele bijlage-id")
        return Section(data["id"], data["title"], tuple(items), data.get("intro", ""), relevant, attachments)

    def _group(self, data: dict[str, Any], path: Path_) -> RepeatGroup:
        local = {q["id"] for q in data["questions"]}
        if len(local) != len(data["questions"]):
            seen: set[str] = set()
            for i, q in enumerate(data["questions"]):
                if q["id"] in seen:
                    raise self.fail((*path, "questions", i, "id"), f"dubbele id '{q['id']}'")
                seen.add(q["id"])
        low, high = data.get("min", 0), data.get("max", 50)
        if low > high:
            raise self.fail((*path, "min"), "min is groter dan max")
        for key in (*data.get("unique", ()), *([data["item_label"]] if "item_label" in data else [])):
            if key not in local:
                raise self.fail((*path, "unique"), f"'{key}' is geen vraag van deze groep")
        creates, role = data.get("creates", ""), data.get("role", "")
        role_is_asked = any(q.get("bind") == "relation.role" for q in data["questions"])
        problem = binds.group_problem(creates, role, role_is_asked)
        if problem:
            raise self.fail((*path, "role" if role else "creates"), problem)
        relevant = self._condition(data.get("relevant"), (*path, "relevant"), scope=set(), allow_self=False)
        if relevant is not None:
            self.depends.setdefault(data["repeat"], set()).update(relevant.questions())
        group_stub = RepeatGroup(data["repeat"], data["label"], 0, (), creates=creates)
        questions = tuple(
            self._question(q, (*path, "questions", i), group_stub, local)
            for i, q in enumerate(data["questions"])
        )
        return RepeatGroup(
            id=data["repeat"],
            label=data["label"],
            line=self.nodes.line(path) or 0,
            questions=questions,
            hint=data.get("hint", ""),
            min=low,
            max=high,
            unique=tuple(data.get("unique", ())),
            relevant=relevant,
            creates=creates,
            role=role,
            toward=data.get("toward", ""),
            item_label=data.get("item_label", ""),
        )

    def _question(
        self, data: dict[str, Any], path: Path_, group: RepeatGroup | None, local: set[str] | None = None
    ) -> Question:
        scope = local or set()
        qtype = QuestionType(data["type"])
        choices: tuple[Choice, ...] = ()
        if "choices" in data:
            if qtype not in (QuestionType.SELECT_ONE, QuestionType.SELECT_MANY):
                raise self.fail((*path, "choices"), "alleen keuzevragen hebben keuzes")
            ref = data["choices"]
            if isinstance(ref, str):
                if ref not in self.choice_lists:
                    raise self.fail((*path, "choices"), f"keuzelijst '{ref}' bestaat niet")
                choices = self.choice_lists[ref]
            else:
                choices = self._choices(ref, (*path, "choices"))
        elif qtype in (QuestionType.SELECT_ONE, QuestionType.SELECT_MANY):
            raise self.fail((*path, "type"), "een keuzevraag heeft 'choices' nodig")
        relevant = self._condition(data.get("relevant"), (*path, "relevant"), scope=scope, allow_self=False)
        constraints = tuple(
            Constraint(
                self._required_condition(
                    c["condition"], (*path, "constraint", i, "condition"), scope=scope, allow_self=True
                ),
                c["message"],
            )
            for i, c in enumerate(data.get("constraint", []))
        )
        bind = data.get("bind", "")
        if bind:
            problem = binds.bind_problem(bind, qtype, group.creates if group else None)
            if problem:
                raise self.fail((*path, "bind"), problem)
        key = f"{group.id}.{data['id']}" if group else data["id"]
        self.id_lines[key] = self.nodes.line(path) or 0
        if relevant is not None:
            self.depends.setdefault(key, set()).update(
                f"{group.id}.{q}" if group and q in scope else q for q in relevant.questions()
            )
        ref = data.get("official_ref")
        return Question(
            id=data["id"],
            type=qtype,
            label=data["label"],
            line=self.nodes.line(path) or 0,
            hint=data.get("hint", ""),
            required=bool(data.get("required", False)),
            relevant=relevant,
            constraints=constraints,
            choices=choices,
            official_ref=OfficialRef(ref["ref"], ref["verified"]) if ref else None,
            bind=bind,
        )

    def _required_condition(self, data: Any, path: Path_, *, scope: set[str], allow_self: bool) -> Condition:
        condition = self._condition(data, path, scope=scope, allow_self=allow_self)
        if condition is None:
            raise self.fail(path, "een voorwaarde is verplicht")
        return condition

    def _condition(self, data: Any, path: Path_, *, scope: set[str], allow_self: bool) -> Condition | None:
        if data is None:
            return None
        for combinator in ("all", "any"):
            if combinator in data:
                children = tuple(
                    self._condition(c, (*path, combinator, i), scope=scope, allow_self=allow_self)
                    for i, c in enumerate(data[combinator])
                )
                return Condition(op=combinator, children=children)  # type: ignore[arg-type]
        if "not" in data:
            child = self._condition(data["not"], (*path, "not"), scope=scope, allow_self=allow_self)
            return Condition(op="not", children=(child,))  # type: ignore[arg-type]
        question, op = data["question"], data["op"]
        if question == "." and not allow_self:
            raise self.fail((*path, "question"), "'.' (deze vraag) kan alleen in een constraint")
        for key in ("question", "other"):
            name = data.get(key)
            if name and name != "." and name not in scope and name not in self.top_ids:
                raise self.fail((*path, key), f"vraag '{name}' bestaat niet (of valt buiten deze groep)")
        has_rhs = "value" in data or "other" in data
        if op in ("answered", "not_answered"):
            if has_rhs:
                raise self.fail((*path, "op"), f"'{op}' vergelijkt met niets; laat value weg")
        elif not has_rhs:
            raise self.fail((*path, "value"), f"'{op}' heeft een value of other nodig")
        value = data.get("value")
        if op in ("in", "not_in") and not isinstance(value, list):
            raise self.fail((*path, "value"), f"'{op}' heeft een lijst als value nodig")
        if op == "matches":
            if not isinstance(value, str):
                raise self.fail((*path, "value"), "'matches' heeft een patroon (tekst) nodig")
            problem = regex_problem(value)
            if problem:
                raise self.fail((*path, "value"), problem)
        if isinstance(value, list):
            value = tuple(value)
        return Condition(op=op, question=question, value=value, other=data.get("other", ""))

    def _check_cycles(self) -> None:
        state: dict[str, int] = {}

        def visit(node: str, trail: list[str]) -> None:
            if state.get(node) == 2:
                return
            if state.get(node) == 1:
                cycle = [*trail[trail.index(node) :], node]
                raise FormDefinitionError(
                    self.nodes.file,
                    self.id_lines.get(node),
                    f"relevant van '{node}'",
                    "relevantie is cyclisch: " + " -> ".join(cycle),
                )
            state[node] = 1
            for dep in sorted(self.depends.get(node, ())):
                visit(dep, [*trail, node])
            state[node] = 2

        for node in sorted(self.depends):
            visit(node, [])
