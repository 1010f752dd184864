"""The command line in Dutch (issue 20): argparse's own words (usage, help, errors) through one table,
and a mistyped command or choice answered with "bedoelde u …?".

argparse looks its messages up through `gettext` when it builds a parser and when it reports an
error; `dutch()` routes those lookups through DUTCH for as long as the command line is read, so
nothing else in the process changes."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import re
import sys
from collections.abc import Iterator
from typing import Any, NoReturn

DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",
    "show this help message and exit": "deze hulp tonen en stoppen",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "onbekende keuze %(value)r (kies uit %(choices)s)",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "unrecognized arguments: %s": "onbekend: %s",
    "not allowed with argument %s": "niet samen met %s",
    "ignored explicit argument %r": "waarde %r hoort hier niet bij",
    "one of the arguments %s is required": "geef een van deze: %s",
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hooguit één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "expected %s argument": "hier hoort %s waarde bij",
    "expected %s arguments": "hier horen %s waarden bij",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s kan meer zijn: %(matches)s",
    "unexpected option string: %s": "onverwachte optie: %s",
    "invalid %(type)s value: %(value)r": "%(value)r is geen geldige waarde (%(type)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}
METAVARS = {  # the placeholder of an argument without its own, by its name
    "reference": "KENMERK",
    "username": "GEBRUIKER",
    "naam": "NAAM",
    "name": "NAAM",
    "value": "WAARDE",
    "file": "BESTAND",
    "files": "BESTAND",
    "output": "BESTAND",
    "pdf": "BESTAND",
    "patch": "BESTAND",
    "number": "NUMMER",
    "to": "FASE",
    "indicator": "INDICATOR",
    "party": "PARTIJ",
    "your_reference": "UW_KENMERK",
    "recipient": "ONTVANGER",
    "purpose": "DOEL",
    "reason": "MOTIVERING",
    "actor": "GEBRUIKER",
    "action": "HANDELING",
    "limit": "AANTAL",
    "weeks": "WEKEN",
    "date": "DATUM",
    "received": "DATUM",
    "until": "DATUM",
    "retention_date": "DATUM",
    "birth_date": "DATUM",
    "geboortedatum": "DATUM",
    "text": "TEKST",
    "note": "TEKST",
    "description": "TEKST",
    "bsn": "BSN",
    "kvk": "KVK",
    "postcode": "POSTCODE",
    "house_number": "HUISNUMMER",
    "behandelaar": "GEBRUIKER",
    "jurist": "GEBRUIKER",
    "source": "BRON",
    "section": "ONDERDEEL",
    "weight": "GEWICHT",
    "case": "KENMERK",
    "expect": "VERSIE",
}
_CHOICE = re.compile(r"onbekende keuze '([^']*)' \(kies uit (.*)\)$")


def translate(message: str) -> str:
    return DUTCH.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextlib.contextmanager
def dutch() -> Iterator[None]:
    """argparse in Dutch while the parser is built and the command line read."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translate, translate_plural  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def suggestion(message: str) -> str:
    """'onbekende keuze 'improt' (kies uit …)' -> the closest choice, or ''."""
    found = _CHOICE.search(message)
    if not found:
        return ""
    typed, choices = found.group(1), re.findall(r"'([^']*)'", found.group(2))
    close = difflib.get_close_matches(typed.lower(), choices, n=1, cutoff=0.5)
    return close[0] if close else ""


class DutchParser(argparse.ArgumentParser):
    """An error names the closest command or choice and points to --help; an argument without a
    placeholder of its own gets a Dutch one (KENMERK, BESTAND) instead of its English name."""

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.choices is None and action.nargs != 0:
            action.metavar = METAVARS.get(action.dest)
        return action

    def error(self, message: str) -> NoReturn:
        close = suggestion(message)
        found = _CHOICE.search(message)
        if found:
            head = message[: found.start()].rstrip()
            message = f"{head} onbekende keuze '{found.group(1)}'".strip()
            choices = re.findall(r"'([^']*)'", found.group(2))
            if close:
                message += f"; bedoelde u '{close}'?"
            elif len(choices) <= 8:
                message += f"; kies uit: {', '.join(choices)}"
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\nAlle opdrachten en opties: {self.prog} --help\n")
