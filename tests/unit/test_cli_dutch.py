"""Issue 20: the command line answers in Dutch: help, usage and errors, with a suggestion for a
mistyped command or choice."""

from __future__ import annotations

import argparse
import re

import pytest

from bibob_desk.cli.commands import _parser, main
from bibob_desk.cli.dutch import dutch

ENGLISH = re.compile(
    r"\busage:|positional arguments|\boptions:|show this help|invalid choice|the following arguments|"
    r"unrecognized arguments|\berror:|expected one argument|\bREFERENCE\b|\bUSERNAME\b|\bOUTPUT\b"
)


def _exit(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


def test_a_mistyped_command_gets_a_dutch_error_with_a_suggestion(capsys):
    code, _out, err = _exit(["improt", "dossier.json"], capsys)
    assert code == 2 and "bedoelde u 'import'?" in err and "gebruik: bibob-desk" in err
    assert "fout:" in err and not ENGLISH.search(err)
    code, _out, err = _exit(["case", "histroy", "H1"], capsys)
    assert "bedoelde u 'history'?" in err and not ENGLISH.search(err)


def test_a_wrong_choice_lists_the_few_there_are_and_a_missing_argument_is_named_in_dutch(capsys):
    _code, _out, err = _exit(["inchecken", "--van", "x.db", "--bij-conflict", "mijn"], capsys)
    assert "onbekende keuze 'mijn'; kies uit: eigen, team" in err
    _code, _out, err = _exit(["memo"], capsys)
    assert "dit ontbreekt nog: KENMERK" in err and not ENGLISH.search(err)


def test_every_commands_help_is_dutch(capsys):
    code, out, _err = _exit(["--help"], capsys)
    assert code == 0 and out.startswith("gebruik: bibob-desk") and "opties:" in out
    with dutch():
        parser = _parser()
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for name, sub in commands.choices.items():
            shown = sub.format_help()
            assert not ENGLISH.search(shown), (name, ENGLISH.search(shown))


def test_argparse_is_itself_again_afterwards(capsys):
    _exit(["--help"], capsys)
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
