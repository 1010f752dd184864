"""JSON Schema of a form definition file (structure only; meaning is checked by the loader)."""

from __future__ import annotations

from typing import Any

from bibob_desk.questionnaire.definition import COMBINATORS, COMPARISONS, QUESTION_TYPES

ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,59}$"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 2000}

CONDITION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "all": {"type": "array", "minItems": 1, "maxItems": 30, "items": {"$ref": "#/$defs/condition"}},
        "any": {"type": "array", "minItems": 1, "maxItems": 30, "items": {"$ref": "#/$defs/condition"}},
        "not": {"$ref": "#/$defs/condition"},
        "question": {"type": "string", "pattern": r"^(\.|[a-z][a-z0-9_]{0,59})$"},
        "op": {"enum": list(COMPARISONS)},
        "value": {
            "type": ["string", "number", "boolean", "array"],
            "maxItems": 100,
            "items": {"type": ["string", "number"]},
        },
        "other": ID,
    },
    "oneOf": [
        {"required": ["all"], "maxProperties": 1},
        {"required": ["any"], "maxProperties": 1},
        {"required": ["not"], "maxProperties": 1},
        {"required": ["question", "op"], "not": {"anyOf": [{"required": [c]} for c in COMBINATORS]}},
    ],
}

QUESTION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "type", "label"],
    "properties": {
        "id": ID,
        "type": {"enum": list(QUESTION_TYPES)},
        "label": TEXT,
        "hint": TEXT,
        "required": {"type": "boolean"},
        "relevant": {"$ref": "#/$defs/condition"},
        "constraint": {
            "type": "array",
            "maxItems": 10,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["condition", "message"],
                "properties": {"condition": {"$ref": "#/$defs/condition"}, "message": TEXT},
            },
        },
        "choices": {
            "oneOf": [
                {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,59}$"},
                {"$ref": "#/$defs/choice_list"},
            ]
        },
        "official_ref": {
            "type": "object",
            "additionalProperties": False,
            "required": ["ref", "verified"],
            "properties": {"ref": {"type": "string", "maxLength": 100}, "verified": {"type": "boolean"}},
        },
        "bind": {"type": "string", "pattern": r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*){1,3}$"},
    },
}

REPEAT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["repeat", "label", "questions"],
    "properties": {
        "repeat": ID,
        "label": TEXT,
        "hint": TEXT,
        "min": {"type": "integer", "minimum": 0, "maximum": 500},
        "max": {"type": "integer", "minimum": 1, "maximum": 500},
        "unique": {"type": "array", "items": ID, "maxItems": 5},
        "relevant": {"$ref": "#/$defs/condition"},
        "creates": {
            "enum": [
                "party",
                "financing",
                "premises",
                "antecedent",
                "signal",
                "source_check",
                "history_event",
                "payment",
                "location_event",
            ]
        },
        "role": {"type": "string", "maxLength": 60},
        "toward": {"enum": ["applicant", "case"]},
        "item_label": ID,
        "questions": {"type": "array", "minItems": 1, "maxItems": 100, "items": {"$ref": "#/$defs/question"}},
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["form", "sections"],
    "properties": {
        "form": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "version", "title", "kind"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,59}$"},
                "version": {"type": "integer", "minimum": 1, "maximum": 100000},
                "title": TEXT,
                "kind": {"enum": ["vragenformulier", "eigen_onderzoek", "weerbaarheidsscan"]},
                "official_source": TEXT,
                "permit_kinds": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
            },
        },
        "choice_lists": {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]{0,59}$"},
            "additionalProperties": {"$ref": "#/$defs/choice_list"},
        },
        "sections": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title", "items"],
                "properties": {
                    "id": ID,
                    "title": TEXT,
                    "intro": {"type": "string", "maxLength": 5000},
                    "relevant": {"$ref": "#/$defs/condition"},
                    "attachments": {
                        "type": "array",
                        "maxItems": 100,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["id", "label"],
                            "properties": {
                                "id": ID,
                                "label": TEXT,
                                "relevant": {"$ref": "#/$defs/condition"},
                            },
                        },
                    },
                    "items": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 300,
                        "items": {"anyOf": [{"$ref": "#/$defs/question"}, {"$ref": "#/$defs/repeat"}]},
                    },
                },
            },
        },
    },
    "$defs": {
        "condition": CONDITION,
        "question": QUESTION,
        "repeat": REPEAT,
        "choice_list": {
            "type": "array",
            "minItems": 1,
            "maxItems": 300,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["value", "label"],
                "properties": {"value": {"type": "string", "maxLength": 100}, "label": TEXT},
            },
        },
    },
}
