"""Pure session logic over a form and its answers (no Qt): what is visible, missing, invalid, and
how far each section is. Answers that become hidden are cleared, with a notice to show the user.

Answers: {question_id: value, group_id: [{question_id: value}, ...]}.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from bibob_desk.questionnaire.definition import FormDefinition, Item, Question, RepeatGroup, Section
from bibob_desk.questionnaire.values import check_value, evaluate, is_answered


@dataclass(frozen=True)
class Problem:
    section: str
    question: str  # question id, or the group id for group-level problems
    message: str
    group: str = ""
    item: int | None = None


@dataclass(frozen=True)
class Progress:
    answered: int
    required: int
    missing: int
    invalid: int

    @property
    def percent(self) -> int:
        return 100 if self.required == 0 else round(100 * self.answered / self.required)


class FormSession:
    def __init__(self, form: FormDefinition, answers: dict[str, Any] | None = None) -> None:
        self.form = form
        self.answers: dict[str, Any] = copy.deepcopy(answers) if answers else {}

    # -- reading -------------------------------------------------------------------------
    def value(self, question_id: str, group: str = "", item: int | None = None) -> Any:
        if group and item is not None:
            items = self.items(group)
            if 0 <= item < len(items) and question_id in items[item]:
                return items[item][question_id]
            group_def = self._group(group)
            if group_def.question(question_id) is not None:
                return None
        return self.answers.get(question_id)

    def items(self, group: str) -> list[dict[str, Any]]:
        value = self.answers.get(group)
        return value if isinstance(value, list) else []

    def _group(self, group_id: str) -> RepeatGroup:
        item = self.form.find(group_id)[1]
        assert isinstance(item, RepeatGroup)
        return item

    def _lookup(self, group: str = "", item: int | None = None) -> Any:
        return lambda qid: self.value(qid, group, item)

    def section_visible(self, section: Section) -> bool:
        return section.relevant is None or evaluate(section.relevant, self._lookup())

    def visible(self, target: Item, group: RepeatGroup | None = None, item: int | None = None) -> bool:
        section = self.form.find(target.id if group is None else f"{group.id}.{target.id}")[0]
        if not self.section_visible(section):
            return False
        if group is not None and not self.visible(group):
            return False
        lookup = self._lookup(group.id, item) if group is not None else self._lookup()
        return target.relevant is None or evaluate(target.relevant, lookup)

    def visible_items(self, section: Section) -> list[Item]:
        if not self.section_visible(section):
            return []
        return [i for i in section.items if self.visible(i)]

    def visible_sections(self) -> list[Section]:
        return [s for s in self.form.sections if self.section_visible(s)]

    # -- problems ------------------------------------------------------------------------
    def _question_problems(
        self, section: Section, q: Question, group: RepeatGroup | None = None, item: int | None = None
    ) -> tuple[list[Problem], list[Problem]]:
        missing: list[Problem] = []
        invalid: list[Problem] = []
        if not self.visible(q, group, item):
            return missing, invalid
        value = self.value(q.id, group.id if group else "", item)
        gid = group.id if group else ""
        if not is_answered(value):
            if q.required:
                missing.append(Problem(section.id, q.id, f"'{q.label}' is verplicht.", gid, item))
            return missing, invalid
        message = check_value(q, value)
        if not message:
            lookup = self._lookup(gid, item) if group else self._lookup()

            def with_self(qid: str) -> Any:
                return value if qid == "." else lookup(qid)

            message = next((c.message for c in q.constraints if not evaluate(c.condition, with_self)), "")
        if message:
            invalid.append(Problem(section.id, q.id, message, gid, item))
        return missing, invalid

    def _group_problems(self, section: Section, group: RepeatGroup) -> tuple[list[Problem], list[Problem]]:
        missing: list[Problem] = []
        invalid: list[Problem] = []
        items = self.items(group.id)
        if len(items) < group.min:
            missing.append(
                Problem(section.id, group.id, f"'{group.label}': minstens {group.min} invullen.", group.id)
            )
        if len(items) > group.max:
            invalid.append(
                Problem(section.id, group.id, f"'{group.label}': hoogstens {group.max}.", group.id)
            )
        seen: dict[tuple[Any, ...], int] = {}
        for index in range(len(items)):
            for q in group.questions:
                m, i = self._question_problems(section, q, group, index)
                missing += m
                invalid += i
            if group.unique:
                key = tuple(str(items[index].get(k, "")).strip().casefold() for k in group.unique)
                if any(key) and key in seen:
                    invalid.append(
                        Problem(
                            section.id,
                            group.unique[0],
                            f"Dubbel in '{group.label}': komt al voor bij nummer {seen[key] + 1}.",
                            group.id,
                            index,
                        )
                    )
                seen.setdefault(key, index)
        return missing, invalid

    def problems(self, section: Section | None = None) -> tuple[list[Problem], list[Problem]]:
        """(missing, invalid) for one section or the whole form (visible parts only)."""
        missing: list[Problem] = []
        invalid: list[Problem] = []
        for s in [section] if section else self.form.sections:
            for item in self.visible_items(s):
                m, i = (
                    self._group_problems(s, item)
                    if isinstance(item, RepeatGroup)
                    else self._question_problems(s, item)
                )
                missing += m
                invalid += i
        return missing, invalid

    def missing(self) -> list[Problem]:
        return self.problems()[0]

    def invalid(self) -> list[Problem]:
        return self.problems()[1]

    def is_complete(self) -> bool:
        missing, invalid = self.problems()
        return not missing and not invalid

    def progress(self, section: Section) -> Progress:
        required = answered = 0
        for item in self.visible_items(section):
            if isinstance(item, RepeatGroup):
                if item.min:
                    required += 1
                    answered += len(self.items(item.id)) >= item.min
                for index in range(len(self.items(item.id))):
                    for q in item.questions:
                        if q.required and self.visible(q, item, index):
                            required += 1
                            answered += is_answered(self.value(q.id, item.id, index))
            elif item.required:
                required += 1
                answered += is_answered(self.answers.get(item.id))
        missing, invalid = self.problems(section)
        return Progress(answered, required, len(missing), len(invalid))

    # -- writing ---------------------------------------------------------------------------
    def set_answer(self, question_id: str, value: Any, group: str = "", item: int | None = None) -> list[str]:
        """Store an answer; returns Dutch notices for answers cleared because they became hidden."""
        if group:
            items = self.items(group)
            if item is None or not 0 <= item < len(items):
                raise IndexError(item)
            target = items[item]
        else:
            target = self.answers
        if is_answered(value):
            target[question_id] = value
        else:
            target.pop(question_id, None)
        return self.prune()

    def add_item(self, group: str) -> int:
        definition = self._group(group)
        items = self.answers.setdefault(group, [])
        if len(items) >= definition.max:
            raise ValueError(f"'{definition.label}': hoogstens {definition.max}.")
        items.append({})
        return len(items) - 1

    def remove_item(self, group: str, index: int) -> list[str]:
        items = self.items(group)
        del items[index]
        if not items:
            self.answers.pop(group, None)
        return self.prune()

    def move_item(self, group: str, index: int, to: int) -> None:
        items = self.items(group)
        items.insert(to, items.pop(index))

    def prune(self) -> list[str]:
        """Clear answers of hidden questions until nothing changes (clearing can hide more)."""
        notices: list[str] = []
        changed = True
        while changed:
            changed = False
            for section in self.form.sections:
                for item in section.items:
                    if isinstance(item, RepeatGroup):
                        if self.items(item.id) and not self.visible(item):
                            del self.answers[item.id]
                            notices.append(
                                f"De gegevens bij '{item.label}' zijn gewist: niet meer van toepassing."
                            )
                            changed = True
                            continue
                        for index, values in enumerate(self.items(item.id)):
                            for q in item.questions:
                                if q.id in values and not self.visible(q, item, index):
                                    del values[q.id]
                                    notices.append(
                                        f"Het antwoord op '{q.label}' (nr. {index + 1}) is gewist: "
                                        "de vraag is niet meer van toepassing."
                                    )
                                    changed = True
                    elif item.id in self.answers and not self.visible(item):
                        del self.answers[item.id]
                        notices.append(
                            f"Het antwoord op '{item.label}' is gewist: de vraag is niet meer van toepassing."
                        )
                        changed = True
        return notices
