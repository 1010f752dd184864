"""A field of the case as a person reads it: '/parties/1/name' -> 'Partijen › R. Amrani › naam'.
For the history view (and later the editors); the JSON pointer stays the key underneath."""

from __future__ import annotations

from typing import Any

LISTS = {
    "parties": "Partijen",
    "relations": "Rollen en relaties",
    "financing": "Financiering",
    "payments": "Betalingen",
    "premises": "Panden en objecten",
    "antecedents": "Antecedenten",
    "history": "Voorgeschiedenis",
    "signals": "Signalen",
    "source_checks": "Geraadpleegde bronnen",
    "notes": "Notities",
    "events": "Gebeurtenissen",
    "voorschriften": "Voorschriften",
    "overrides": "Afwijkingen",
    "answers": "Formulierantwoorden",
}
FIELDS = {
    "reference": "kenmerk",
    "title": "omschrijving",
    "name": "naam",
    "kind": "soort",
    "stage": "fase",
    "location": "locatie",
    "street": "straat",
    "house_number": "huisnummer",
    "postcode": "postcode",
    "city": "plaats",
    "birth_date": "geboortedatum",
    "bsn": "BSN",
    "kvk": "KvK-nummer",
    "rsin": "RSIN",
    "legal_form": "rechtsvorm",
    "founding_date": "oprichtingsdatum",
    "country": "land",
    "role": "rol",
    "party": "wie",
    "counterparty": "ten opzichte van",
    "share_pct": "aandeel",
    "amount": "bedrag",
    "start_date": "sinds",
    "end_date": "tot",
    "description": "toelichting",
    "provider": "verschaffer",
    "investment": "investering",
    "total": "totaal",
    "received_date": "ontvangen",
    "permit_kinds": "soort vergunning",
    "procedure": "procedure",
    "bestuursorgaan": "bestuursorgaan",
    "legal": "juridische beoordeling",
    "motivation": "motivering",
    "date": "datum",
    "note": "toelichting",
    "until": "termijn tot",
    "withdrawn_reason": "ingetrokken, reden",
    "withdrawn_by": "ingetrokken door",
    "category": "feit",
    "proof_level": "bewijsniveau",
    "source": "bron",
    "result": "resultaat",
    "text": "tekst",
    "danger": "beperkt het gevaar",
    "deadline": "termijn",
}


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("name", "text", "description", "kind"):
            if isinstance(item.get(key), str) and item[key]:
                return item[key][:40]
    return f"nr. {index + 1}"


def describe(path: str, case: dict[str, Any] | None = None) -> str:
    """The Dutch reading of a JSON pointer into the case (`case`: its current primitive form)."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.strip("/").split("/") if p]
    out: list[str] = []
    node: Any = case
    for i, part in enumerate(parts):
        if part.isdigit() and i > 0 and parts[i - 1] in LISTS:
            index = int(part)
            item = node[index] if isinstance(node, list) and index < len(node) else None
            out.append(_item_name(item, index))
            node = item
            continue
        top = LISTS.get(part) if i == 0 else None
        out.append(top or FIELDS.get(part, part.replace("_", " ")))
        node = node.get(part) if isinstance(node, dict) else None
    text = " › ".join(x for x in out if x)
    return text[:1].upper() + text[1:] if text else "dossier"
