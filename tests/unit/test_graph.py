"""The relation graph (issue 9): what it holds, and a layout that stays readable past 50 nodes."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal

from bibob_desk.domain.enums import PartyKind, ProvenanceKind, RoleKind
from bibob_desk.domain.model import Address, Party, Provenance, Relation
from bibob_desk.exchange.case_format import read_case_file
from bibob_desk.network.graph import ADDRESS, CASE, NODE_H, NODE_W, OTHER_CASE, build_graph, layout
from bibob_desk.paths import demo_case_files


def _case(stem):
    return next(read_case_file(p).case for p in demo_case_files() if p.stem == stem)


def test_parties_roles_financing_and_confirmed_links():
    case = _case("H2")
    g = build_graph(case, confirmed=[("p4", "2026-050", "Karimi, M.")])
    kinds = {n.kind for n in g.nodes}
    assert CASE in kinds and OTHER_CASE in kinds
    assert len([n for n in g.nodes if n.id.startswith("p:")]) == len(case.parties)
    labels = " | ".join(e.label for e in g.edges)
    assert "vermogensverschaffer" in labels or "eigen vermogen" in labels or "lening" in labels
    assert any(e.dashed and "beoordeeld" in e.label for e in g.edges)
    assert all(e.a in {n.id for n in g.nodes} and e.b in {n.id for n in g.nodes} for e in g.edges)


def _big_case(parties: int):
    case = deepcopy(_case("V3"))
    prov = Provenance(kind=ProvenanceKind.EIGEN_ONDERZOEK, source="test")
    for i in range(parties):
        pid = f"x{i}"
        case.parties.append(
            Party(
                id=pid,
                kind=PartyKind.RECHTSPERSOON if i % 3 else PartyKind.NATUURLIJK_PERSOON,
                name=f"Partij {i}",
                provenance=prov,
                address=Address(postcode=f"{1000 + i % 7} AB", house_number="1"),
            )
        )
        parent = case.parties[i % 8].id
        case.relations.append(
            Relation(
                id=f"r{i}",
                role=RoleKind.AANDEELHOUDER,
                party=pid,
                counterparty=parent,
                provenance=prov,
                share_pct=Decimal(10),
            )
        )
    return case


def test_a_graph_of_60_nodes_keeps_its_nodes_apart():
    g = build_graph(_big_case(52))
    assert len(g.nodes) >= 60 and any(n.kind == ADDRESS for n in g.nodes)  # shared addresses become nodes
    pos = layout(g)
    ids = list(pos)
    overlapping = [
        (a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if abs(pos[a][0] - pos[b][0]) < NODE_W and abs(pos[a][1] - pos[b][1]) < NODE_H
    ]
    assert overlapping == []  # no node box on top of another (150 × 44 on screen)
    assert pos["case"] == (0.0, 0.0)
    assert layout(g) == pos  # the same graph, the same picture
