"""The stage map (ANALYTICS.md "Stage map"): the ten stages in catalogue order, top to
bottom, and every directly-follows edge between them, as wide as its count.

A step to the next stage is a short arrow between two boxes; a forward step that skips
stages runs on the right, a back-step on the left, dashed and in the alert colour (so it
reads in greyscale). Every edge carries "journeys · median wait"; how many journeys start
and end at a stage is printed in its box.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from omcreport.analyze.fades import END, START
from omcreport.reports import svg

WIDTH = 680.0
BOX_LEFT = 200.0
BOX_WIDTH = 230.0
BOX_HEIGHT = 27.0
PITCH = 43.0
TOP = 14.0
LANE_MIN, LANE_MAX = 17.0, 72.0
LABEL_ROOM = 70.0  # room kept outside the outermost lane for its label
LABEL_FONT = 7.5


@dataclass(frozen=True)
class Stage:
    key: str
    name: str


@dataclass(frozen=True)
class Edge:
    source: str  # a stage key or "start"
    target: str  # a stage key or "end"
    count: int
    wait_text: str  # the median wait, printed


def _lanes(spans: list[tuple[int, int]]) -> list[int]:
    """A lane per span (0 nearest the boxes) so that no two spans sharing a row share a
    lane; shorter spans get inner lanes."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i]))
    taken: list[list[tuple[int, int]]] = []
    lanes = [0] * len(spans)
    for index in order:
        low, high = spans[index]
        lane = 0
        while lane < len(taken) and any(low <= up and down <= high for down, up in taken[lane]):
            lane += 1
        if lane == len(taken):
            taken.append([])
        taken[lane].append((low, high))
        lanes[index] = lane
    return lanes


def stage_map_svg(stages: list[Stage], edges: list[Edge], *, label: str, name: str = "stagemap") -> Markup:
    position = {stage.key: index for index, stage in enumerate(stages)}
    heaviest = max((edge.count for edge in edges), default=1)
    starts = {edge.target: edge.count for edge in edges if edge.source == START}
    ends = {edge.source: edge.count for edge in edges if edge.target == END}
    visited = set(starts) | set(ends) | {e.source for e in edges} | {e.target for e in edges}
    inner = [e for e in edges if e.source in position and e.target in position]

    def mid_y(index: int) -> float:
        return TOP + index * PITCH + BOX_HEIGHT / 2

    def stroke(count: int) -> float:
        return 0.8 + 4.2 * count / heaviest

    body: list[str] = []
    height = TOP + len(stages) * PITCH + 8
    placer = svg.LabelPlacer(svg.Box(0, 0, WIDTH, height))
    for index, stage in enumerate(stages):
        top = TOP + index * PITCH
        seen = stage.key in visited
        body.append(
            svg.rect(
                BOX_LEFT,
                top,
                BOX_WIDTH,
                BOX_HEIGHT,
                fill=svg.FAINT if seen else "#ffffff",
                stroke=svg.INK if seen else svg.RULE,
                stroke_width=0.8,
                stroke_dasharray=None if seen else "2 2",
            )
        )
        placer.block(svg.Box(BOX_LEFT, top, BOX_LEFT + BOX_WIDTH, top + BOX_HEIGHT))
        body.append(
            svg.text(
                BOX_LEFT + 6,
                top + 11,
                stage.name,
                fill=svg.INK if seen else svg.MUTED,
                font_size=8.5,
                font_weight="bold",
            )
        )
        parts = []
        if stage.key in starts:
            parts.append(f"{starts[stage.key]} start here")
        if stage.key in ends:
            parts.append(f"{ends[stage.key]} end here")
        if not seen:
            parts.append("no journey")
        if parts:
            body.append(svg.text(BOX_LEFT + 6, top + 22, " · ".join(parts), fill=svg.MUTED, font_size=7))

    def label_of(edge: Edge) -> str:
        return f"{edge.count} · {edge.wait_text}"

    arrows: list[tuple[Edge, list[tuple[float, float]], bool]] = []
    centre = BOX_LEFT + BOX_WIDTH / 2
    adjacent = [e for e in inner if position[e.target] == position[e.source] + 1]
    skips = [e for e in inner if position[e.target] > position[e.source] + 1]
    backs = [e for e in inner if position[e.target] < position[e.source]]
    for edge in adjacent:
        i = position[edge.source]
        arrows.append((edge, [(centre, TOP + i * PITCH + BOX_HEIGHT), (centre, TOP + (i + 1) * PITCH)], False))
    for group, side in ((skips, 1), (backs, -1)):
        spans = [tuple(sorted((position[e.source], position[e.target]))) for e in group]
        lanes = _lanes([(low, high) for low, high in spans])
        edge_x = BOX_LEFT + BOX_WIDTH if side == 1 else BOX_LEFT
        # Lanes as far apart as the side allows, so a label fits between two of them.
        room = (WIDTH - edge_x if side == 1 else edge_x) - 12 - LABEL_ROOM
        spacing = max(LANE_MIN, min(LANE_MAX, room / max(max(lanes, default=0), 1)))
        for edge, lane in zip(group, lanes, strict=True):
            out_x = edge_x + side * (12 + spacing * lane)
            # Leave and enter a box a little off its centre line: the way out above, the way in below.
            shift = 3 * min(lane, 3)
            y1, y2 = mid_y(position[edge.source]) - 4 - shift, mid_y(position[edge.target]) + 4 + shift
            arrows.append((edge, [(edge_x, y1), (out_x, y1), (out_x, y2), (edge_x, y2)], side == -1))
    for edge, points, back in arrows:
        colour = svg.ALERT if back else svg.ACCENT
        body.append(
            svg.polyline(
                points,
                fill="none",
                stroke=colour,
                stroke_width=stroke(edge.count),
                stroke_dasharray="4 2" if back else None,
                stroke_linejoin="round",
            )
        )
        body.append(_arrowhead(points[-2], points[-1], colour))
        placer.block_line(points)
    for edge, points, back in arrows:
        text = label_of(edge)
        if len(points) == 2:
            (x, y1), (_, y2) = points
            middle = (y1 + y2) / 2 + 3
            positions = [(x + 8, middle, "start"), (x - 8, middle, "end")]
        else:
            x = points[1][0]
            top, bottom = sorted((points[1][1], points[2][1]))
            anchor = "end" if back else "start"
            offset = -5 if back else 5
            steps = [top + (bottom - top) * k / 8 for k in range(1, 8)]
            positions = [(x + offset, y, anchor) for y in steps] + [
                (x - offset, y, "start" if back else "end") for y in steps
            ]
        shown = placer.place(text, positions, LABEL_FONT, fill=svg.ALERT if back else svg.INK)
        if shown:
            body.append(shown)
    shapes, last = svg.legend(
        [
            svg.LegendItem("line", "forward: orders · typical wait"),
            svg.LegendItem("back-line", "back-step"),
        ],
        BOX_LEFT - 150,
        height + 6,
        WIDTH - (BOX_LEFT - 150),
    )
    body += shapes
    described = f"{label}: " + "; ".join(
        f"{_end_name(e.source, stages)} to {_end_name(e.target, stages)} {e.count}, median wait {e.wait_text}"
        for e in edges
    )
    return svg.document(WIDTH, last + 6, body, label=described, name=name)


def _end_name(key: str, stages: list[Stage]) -> str:
    return next((stage.name for stage in stages if stage.key == key), key)


def _arrowhead(before: tuple[float, float], tip: tuple[float, float], colour: str) -> str:
    (x1, y1), (x2, y2) = before, tip
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-9)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    size = 5.0
    base_x, base_y = x2 - ux * size, y2 - uy * size
    return svg.polyline(
        [
            (base_x - uy * size * 0.6, base_y + ux * size * 0.6),
            (x2, y2),
            (base_x + uy * size * 0.6, base_y - ux * size * 0.6),
        ],
        fill=colour,
        stroke=colour,
        stroke_width=0.5,
    )
