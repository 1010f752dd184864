"""The relation graph of one case (issue 9): parties, their roles toward each other and the case,
financing, shared addresses, and the other cases where an officer confirmed the same person or
company. Pure data plus a deterministic force-directed layout that stays readable past 50 nodes."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from bibob_desk.domain.enums import PartyKind
from bibob_desk.domain.labels import euro, label
from bibob_desk.domain.model import Case
from bibob_desk.network.names import address_key

CASE, PERSON, COMPANY, ADDRESS, OTHER_CASE = "dossier", "persoon", "rechtspersoon", "adres", "ander_dossier"


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    label: str


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    label: str
    dashed: bool = False  # a link outside the case (another case, a shared address)


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


def build_graph(case: Case, confirmed: Sequence[tuple[str, str, str]] = ()) -> Graph:
    """confirmed: (party id in this case, other case reference, other party name) judged the same."""
    g = Graph()
    g.nodes.append(Node("case", CASE, f"{case.reference}\n{case.location.one_line()}"))
    for party in case.parties:
        kind = PERSON if party.kind == PartyKind.NATUURLIJK_PERSOON else COMPANY
        g.nodes.append(Node(f"p:{party.id}", kind, party.name))
    known = {n.id for n in g.nodes}
    for r in case.relations:
        a = f"p:{r.party}"
        b = f"p:{r.counterparty}" if r.counterparty else "case"
        if a in known and b in known:
            share = f" {r.share_pct}%" if r.share_pct is not None else ""
            g.edges.append(Edge(a, b, f"{label(r.role).lower()}{share}"))
    for f in case.financing:
        if f.provider and f"p:{f.provider}" in known:
            g.edges.append(Edge(f"p:{f.provider}", "case", f"{label(f.kind).lower()} {euro(f.amount)}"))
    addresses: dict[str, list[str]] = {}
    location = address_key(case.location.postcode, case.location.house_number)
    for party in case.parties:
        if party.address:
            key = address_key(party.address.postcode, party.address.house_number)
            if key:
                addresses.setdefault(key, []).append(f"p:{party.id}")
    for key, members in addresses.items():
        if key == location:
            g.edges += [Edge(m, "case", "zelfde adres als de locatie", dashed=True) for m in members]
        elif len(members) > 1:
            g.nodes.append(Node(f"a:{key}", ADDRESS, key))
            g.edges += [Edge(m, f"a:{key}", "adres", dashed=True) for m in members]
    for party_id, reference, name in confirmed:
        node_id = f"c:{reference}"
        if node_id not in {n.id for n in g.nodes}:
            g.nodes.append(Node(node_id, OTHER_CASE, f"dossier {reference}"))
        if f"p:{party_id}" in known:
            g.edges.append(Edge(f"p:{party_id}", node_id, f"zelfde als {name} (beoordeeld)", dashed=True))
    return _merge_parallel(g)


def _merge_parallel(g: Graph) -> Graph:
    """Two relations between the same two nodes become one line with both labels (readable)."""
    merged: dict[frozenset[str], Edge] = {}
    for e in g.edges:
        key = frozenset((e.a, e.b))
        if key in merged:
            old = merged[key]
            merged[key] = Edge(old.a, old.b, f"{old.label}, {e.label}", old.dashed and e.dashed)
        else:
            merged[key] = e
    g.edges = list(merged.values())
    return g


NODE_W, NODE_H = 150.0, 44.0  # the size a node is drawn at (ui/graph_view.py)


def layout(g: Graph, *, iterations: int = 300, seed: int = 3) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold with the case fixed in the middle, on an area that grows with the number
    of nodes, then a pass that pushes overlapping node boxes apart: readable past 50 nodes, and the
    same picture for the same graph."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible layout, not a secret
    n = len(g.nodes)
    size = max(900.0, 190.0 * math.sqrt(n))
    k = size / math.sqrt(max(n, 1)) * 0.9
    pos = {node.id: (rng.uniform(-size / 2, size / 2), rng.uniform(-size / 2, size / 2)) for node in g.nodes}
    pos["case"] = (0.0, 0.0)
    temperature = size / 8
    for _ in range(iterations):
        move = {node_id: [0.0, 0.0] for node_id in pos}
        ids = list(pos)
        for i, a in enumerate(ids):
            ax, ay = pos[a]
            for b in ids[i + 1 :]:
                dx, dy = ax - pos[b][0], ay - pos[b][1]
                dist = math.hypot(dx, dy) or 0.01
                force = k * k / dist
                move[a][0] += dx / dist * force
                move[a][1] += dy / dist * force
                move[b][0] -= dx / dist * force
                move[b][1] -= dy / dist * force
        for e in g.edges:
            dx, dy = pos[e.a][0] - pos[e.b][0], pos[e.a][1] - pos[e.b][1]
            dist = math.hypot(dx, dy) or 0.01
            force = dist * dist / k
            move[e.a][0] -= dx / dist * force
            move[e.a][1] -= dy / dist * force
            move[e.b][0] += dx / dist * force
            move[e.b][1] += dy / dist * force
        for node_id, (mx, my) in move.items():
            if node_id == "case":
                continue
            length = math.hypot(mx, my) or 0.01
            step = min(length, temperature)
            x, y = pos[node_id]
            pos[node_id] = (x + mx / length * step, y + my / length * step)
        temperature = max(temperature * 0.97, 1.0)
    return _separate(pos)


def _separate(pos: dict[str, tuple[float, float]], rounds: int = 200) -> dict[str, tuple[float, float]]:
    """Push apart node boxes that overlap (with a margin), along the axis that needs the least."""
    gap_x, gap_y = NODE_W + 12, NODE_H + 12
    pos = dict(pos)
    ids = list(pos)
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                (ax, ay), (bx, by) = pos[a], pos[b]
                dx, dy = bx - ax, by - ay
                over_x, over_y = gap_x - abs(dx), gap_y - abs(dy)
                if over_x <= 0 or over_y <= 0:
                    continue
                moved = True
                if over_x / gap_x < over_y / gap_y:
                    shift = (over_x / 2 + 0.5) * (1 if dx >= 0 else -1)
                    pos[a], pos[b] = (ax - shift, ay), (bx + shift, by)
                else:
                    shift = (over_y / 2 + 0.5) * (1 if dy >= 0 else -1)
                    pos[a], pos[b] = (ax, ay - shift), (bx, by + shift)
        if not moved:
            break
    cx, cy = pos["case"]  # keep the case in the middle
    return {k: (x - cx, y - cy) for k, (x, y) in pos.items()}
