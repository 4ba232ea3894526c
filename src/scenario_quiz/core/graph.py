# SPDX-License-Identifier: MIT
"""Checks on a branching scenario's graph of scenes and endings.

Every problem names the scene (or ending) it is about, so an author can find it:
start and every `next` must exist; every scene and ending must be reachable; every path must
reach an ending; an option may lead back to an earlier scene only if it says `loop: true`;
and every scene needs a helpful option.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

from .model import BranchingScenario, Ending, PathOption, Rating, Scene, letter

__all__ = ["Step", "Walk", "graph_problems", "walk"]


@dataclasses.dataclass(frozen=True)
class Step:
    """One choice along a path: the scene it was made in, the option's index there, and the option."""

    scene: Scene
    index: int
    option: PathOption


@dataclasses.dataclass(frozen=True)
class Walk:
    """Where a path of letters leads from the start of a scenario in steps."""

    steps: tuple[Step, ...]
    at: Scene | None  # the scene waiting for the next answer; None once an ending is reached
    ending: Ending | None  # the ending reached, if any


def walk(scenario: BranchingScenario, path: Sequence[str]) -> Walk:
    """Follow `path` (the letters chosen, scene by scene) from the start, along each option's `next`.

    The one walk of the graph: grading, the notebook and the made-up answers all follow a path
    with it. Raises ValueError for a letter that is not an option of its scene, or for a path
    that goes on after reaching an ending."""
    scene, ending, steps = scenario.scene(scenario.start), None, []
    for choice in path:
        if scene is None:
            raise ValueError(f"scenario '{scenario.id}': the path goes on after reaching the ending "
                             f"'{ending.id if ending else None}'")
        letters = [letter(i) for i in range(len(scene.options))]
        if choice not in letters:
            raise ValueError(f"scenario '{scenario.id}', scene '{scene.id}', has options {', '.join(letters)}; "
                             f"{choice!r} is not one of them")
        index = letters.index(choice)
        chosen = scene.options[index]
        steps.append(Step(scene, index, chosen))
        scene, ending = scenario.scene(chosen.next), scenario.ending(chosen.next)
    return Walk(tuple(steps), scene, ending)


Problem = tuple[str | None, str | None, str]  # (scene or ending id, field, message)
Edges = dict[str, list[tuple[int, str, bool]]]  # scene -> [(option index, next, loop allowed)]


def graph_problems(scenario: BranchingScenario) -> Iterator[Problem]:
    """Yield (scene, field, message) for each problem in the scenario's graph."""
    # Count ids from the lists, before a dict or set collapses two scenes into one.
    ids = [s.id for s in scenario.scenes] + [e.id for e in scenario.endings]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        yield duplicate, "id", f"the id '{duplicate}' is used for more than one scene or ending"
    scenes = {s.id: s for s in scenario.scenes}
    endings = {e.id for e in scenario.endings}
    if scenario.start not in scenes:
        yield None, "start", f"'{scenario.start}' is not the id of a scene"
        return
    edges: Edges = {}
    for scene in scenario.scenes:
        if not any(o.rating is Rating.HELPFUL for o in scene.options):
            yield (scene.id, "options",
                   "has no 'helpful' option; at least one option in each scene must be rated helpful")
        edges[scene.id] = []
        for index, option in enumerate(scene.options):
            if option.next in scenes or option.next in endings:
                edges[scene.id].append((index, option.next, option.loop))
            else:
                yield scene.id, f"options[{index}].next", \
                    f"leads to '{option.next}', which is not a scene or an ending of this scenario"
    yield from _reachability(scenario.start, edges, scenes, endings)
    yield from _loops(scenario.start, edges, scenes)


def _reachability(start: str, edges: Edges, scenes: Mapping[str, object], endings: set[str]) -> Iterator[Problem]:
    reached, todo = {start}, [start]
    while todo:
        for _, target, _ in edges.get(todo.pop(), []):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    for scene in scenes:
        if scene not in reached:
            yield scene, None, "this scene cannot be reached from the start"
    for ending in endings:
        if ending not in reached:
            yield ending, None, "this ending cannot be reached from the start"
    # Every reachable scene must have some way on to an ending (a loop with no way out traps the reader).
    finishes = set(endings)
    changed = True
    while changed:
        changed = False
        for scene, options in edges.items():
            if scene not in finishes and any(target in finishes for _, target, _ in options):
                finishes.add(scene)
                changed = True
    for scene in scenes:
        if scene in reached and scene not in finishes:
            yield scene, None, "no path from this scene reaches an ending"


def _loops(start: str, edges: Edges, scenes: Mapping[str, object]) -> Iterator[Problem]:
    on_path: list[str] = []
    done: set[str] = set()

    def visit(scene: str) -> Iterator[Problem]:
        on_path.append(scene)
        for index, target, loop_allowed in edges.get(scene, []):
            if target in on_path and not loop_allowed:
                yield (scene, f"options[{index}].next",
                       f"leads back to scene '{target}', making a loop; add 'loop: true' to the option if you mean it")
            elif target in scenes and target not in done and target not in on_path:
                yield from visit(target)
        on_path.pop()
        done.add(scene)

    yield from visit(start)
