"""Cross-case matching for the officer (issue 9): candidates with their reasons, and the officer's
judgement (zelfde / niet zelfde / onzeker) stored, reversible and audited. Nothing is merged."""

from __future__ import annotations

from dataclasses import dataclass

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.domain.model import Case
from bibob_desk.domain.text import clean_text
from bibob_desk.network.matching import MatchCandidate, find_matches
from bibob_desk.services.changes import Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store

VERDICTS = {"zelfde": "zelfde", "niet_zelfde": "niet zelfde", "onzeker": "onzeker"}
BATCH = 500


@dataclass(frozen=True)
class JudgedCandidate:
    candidate: MatchCandidate
    verdict: str | None  # the latest judgement, None when not judged yet
    motivation: str = ""
    judged_by: str = ""
    judged_at: str = ""


class MatchService(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store

    def _walk(self, case: Case) -> list[MatchCandidate]:
        """Compare with the cases the match keys point to (issue 18): equal hashed identifiers, close
        surnames with a fitting birth date, close company names, the same address. Only those
        cases are decoded; the keys' rules are necessary conditions, so nothing else can match."""
        with self.store.transaction() as tx:
            projections = tx.projections
            linked = projections.matching_cases(projections.keys_for(case), exclude=case.id)
        others: list[Case] = []
        ids = sorted(linked)
        for start in range(0, len(ids), BATCH):
            with self.store.transaction() as tx:
                others += [tx.cases.get(case_id) for case_id in ids[start : start + BATCH]]
        found = find_matches(case, others)
        return sorted(found, key=lambda m: (-m.score, m.other.reference, m.subject.party_key))

    def matches(self, reference: str) -> list[JudgedCandidate]:
        """Candidates for every party and the address of the case, best first, each with the latest
        judgement. Viewing is audited (it shows data of other cases)."""
        with self.store.transaction() as tx:
            case = tx.cases.get_by_reference(reference)
            tx.audit("overeenkomsten.bekeken", f"case:{case.id}")
        candidates = self._walk(case)
        with self.store.transaction() as tx:
            latest = tx.judgements.latest_for_case(case.id)
        out = []
        for candidate in candidates:
            judged = latest.get(candidate.key)
            if judged is None:
                out.append(JudgedCandidate(candidate, None))
            else:
                out.append(
                    JudgedCandidate(
                        candidate, judged.verdict, judged.motivation, judged.judged_by, judged.judged_at
                    )
                )
        return out

    def judge(self, candidate: MatchCandidate, verdict: str, motivation: str) -> None:
        """Record (or reverse) the officer's judgement of one candidate."""
        require(self.store, Role.VERGUNNINGVERLENER)
        if verdict not in VERDICTS:
            raise UserError(f"Kies een oordeel: {', '.join(VERDICTS)}.")
        text = clean_text(motivation or "", max_length=2000)
        if text.problem:
            raise UserError(f"De motivering {text.problem}.")
        if not text.text.strip():
            raise UserError("Geef een korte motivering bij het oordeel.")
        with self.store.transaction() as tx:
            tx.judgements.add(candidate.key, verdict, text.text.strip(), self.store.user.username)
            a, pa, b, pb = candidate.key
            tx.audit("overeenkomst.beoordeeld", f"case:{a}/{pa};case:{b}/{pb};oordeel:{verdict}")
        self.report(a, b, topics=(Topic.MATCHES,))

    def confirmed(self, case_id: str) -> list[tuple[str, str, str]]:
        """(party id here, other case reference, other party name) for every pair judged 'zelfde'
        (the latest judgement counts), for the relation graph."""
        with self.store.transaction() as tx:
            out = []
            for (case_a, party_a, case_b, party_b), judged in tx.judgements.latest_for_case(case_id).items():
                if judged.verdict != "zelfde":
                    continue
                mine, (other_case, other_party) = (
                    (party_a, (case_b, party_b)) if case_a == case_id else (party_b, (case_a, party_a))
                )
                other = tx.cases.get(other_case)
                name = next((p.name for p in other.parties if p.id == other_party), other.location.one_line())
                out.append((mine, other.reference, name))
        return out
