"""Stages of a case (brief §2) and which transitions are allowed, with their preconditions."""

from __future__ import annotations

from bibob_desk.domain.enums import EventKind, Stage
from bibob_desk.domain.model import Case

S = Stage
ALLOWED: dict[Stage, frozenset[Stage]] = {
    S.AANVRAAG_ONTVANGEN: frozenset(
        {S.VRAGENLIJST_UITGEZET, S.EIGEN_ONDERZOEK, S.BESLUIT, S.BUITEN_BEHANDELING, S.AANVRAAG_INGETROKKEN}
    ),
    S.VRAGENLIJST_UITGEZET: frozenset(
        {S.VRAGENLIJST_ONTVANGEN, S.BUITEN_BEHANDELING, S.AANVRAAG_INGETROKKEN}
    ),
    S.VRAGENLIJST_ONTVANGEN: frozenset({S.EIGEN_ONDERZOEK, S.BUITEN_BEHANDELING, S.AANVRAAG_INGETROKKEN}),
    S.EIGEN_ONDERZOEK: frozenset(
        {S.ADVIESAANVRAAG_VERZONDEN, S.VOORNEMEN, S.BESLUIT, S.BUITEN_BEHANDELING, S.AANVRAAG_INGETROKKEN}
    ),
    S.ADVIESAANVRAAG_VERZONDEN: frozenset({S.ADVIES_ONTVANGEN, S.AANVRAAG_INGETROKKEN}),
    S.ADVIES_ONTVANGEN: frozenset({S.VOORNEMEN, S.BESLUIT, S.AANVRAAG_INGETROKKEN}),
    S.VOORNEMEN: frozenset({S.ZIENSWIJZE, S.BESLUIT, S.INTREKKING, S.AANVRAAG_INGETROKKEN}),
    S.ZIENSWIJZE: frozenset({S.BESLUIT, S.INTREKKING}),
    S.BESLUIT: frozenset({S.NAZORG, S.GESLOTEN}),
    S.INTREKKING: frozenset({S.NAZORG}),
    S.NAZORG: frozenset({S.GESLOTEN}),
    S.BUITEN_BEHANDELING: frozenset({S.GESLOTEN}),
    S.AANVRAAG_INGETROKKEN: frozenset({S.GESLOTEN}),
    # existing permit: investigation during its life, possibly ending in withdrawal
    S.ONDERZOEK_LOOPTIJD: frozenset({S.EIGEN_ONDERZOEK, S.ADVIESAANVRAAG_VERZONDEN, S.VOORNEMEN, S.GESLOTEN}),
    S.GESLOTEN: frozenset(),
}

# Stages that end or undo the procedure: offered last, never proposed by default.
FINAL: frozenset[Stage] = frozenset({S.BUITEN_BEHANDELING, S.AANVRAAG_INGETROKKEN, S.INTREKKING, S.GESLOTEN})


def next_stages(stage: Stage) -> list[Stage]:
    """Where a case may go from `stage`: the regular next stages in process order first, then the
    ones that end the procedure (a dialog proposes the first: never a withdrawal by accident)."""
    order = list(Stage)
    allowed = ALLOWED.get(stage, frozenset())
    return sorted(allowed, key=lambda s: (s in FINAL and len(allowed) > 1, order.index(s)))


# Entering these stages records the matching dated event (from which the clocks run).
EVENT_OF_STAGE: dict[Stage, EventKind] = {
    S.VRAGENLIJST_UITGEZET: EventKind.VRAGENFORMULIER_UITGEZET,
    S.VRAGENLIJST_ONTVANGEN: EventKind.VRAGENFORMULIER_ONTVANGEN,
    S.ADVIESAANVRAAG_VERZONDEN: EventKind.ADVIESAANVRAAG_VERZONDEN,
    S.ADVIES_ONTVANGEN: EventKind.ADVIES_ONTVANGEN,
    S.VOORNEMEN: EventKind.VOORNEMEN_VERZONDEN,
    S.ZIENSWIJZE: EventKind.ZIENSWIJZE_ONTVANGEN,
    S.BESLUIT: EventKind.BESLUIT_BEKENDGEMAAKT,
    S.INTREKKING: EventKind.BESLUIT_BEKENDGEMAAKT,
}


def transition_problem(case: Case, to: Stage, on: object) -> str:
    """'' when the case may move to `to` on date `on`; else a Dutch reason."""
    from bibob_desk.domain.labels import label

    if to not in ALLOWED.get(case.stage, frozenset()):
        allowed = ", ".join(label(s) for s in next_stages(case.stage)) or "geen"
        return f"Van '{label(case.stage)}' kan een dossier niet naar '{label(to)}'. Mogelijk: {allowed}."
    if to is S.ADVIESAANVRAAG_VERZONDEN:
        informed = [e for e in case.events_of(EventKind.BETROKKENE_GEINFORMEERD) if e.date <= on]  # type: ignore[operator]
        if not informed:
            return (
                "Leg eerst vast wanneer de betrokkene schriftelijk is geïnformeerd over de adviesaanvraag "
                "(art. 32 Wet Bibob)."
            )
    return ""
