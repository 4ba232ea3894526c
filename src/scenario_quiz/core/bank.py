# SPDX-License-Identifier: MIT
"""Load and check the scenario bank.

    bank = load_bank("scenarios", references="book/references.bib")

Every problem becomes one line an organiser can act on, naming the file, the line the field is
on (for a missing field, the line of the nearest part that is there), the scenario and the field:

    scenarios/03-active-listening.yml:31: scenario 'al-silence', field 'options[2].rating':
    'great' is not a rating; use one of: helpful, partly helpful, unhelpful, harmful

Each file is parsed once, into a node tree that knows every field's line; aliases, explicit
tags, deep nesting and repeated keys are refused while it is built, before any value is.

All problems in all files are collected before anything is raised, so one run of
`python -m scenario_quiz check` shows everything there is to fix.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .cast import CAST_FILE, Person, cast_findings, load_cast
from .errors import CourseError
from .graph import graph_problems
from .identity import NEUTRAL, CourseIdentity, course_identity
from .model import AnyScenario, BranchingScenario, Competency, Move, Rating, Scenario
from .settings import SettingError, course_settings, expand
from .yamlfile import printable as _printable
from .yamlfile import read_text, read_yaml

__all__ = ["Bank", "BankError", "Problem", "load_bank", "COMPETENCY_FILE", "RUBRIC_FILE"]

COMPETENCY_FILE = "competencies.yml"
RUBRIC_FILE = "rubric.yml"
NOT_SCENARIO_FILES = {COMPETENCY_FILE, RUBRIC_FILE, CAST_FILE}


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with the bank, located as precisely as we can."""

    file: str
    message: str
    scenario: str | None = None
    field: str | None = None
    line: int | None = None
    scene: str | None = None  # a branching scenario's scene or ending

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = [f"{label} '{value}'" for label, value in
                (("scenario", self.scenario), ("scene", self.scene), ("field", self.field)) if value]
        return f"{where}: {', '.join(what) + ': ' if what else ''}{self.message}"


class BankError(CourseError):
    """The bank has one or more problems; str() lists them one per line."""

    problems: list[Problem]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)


@dataclasses.dataclass(frozen=True)
class Bank:
    """Every scenario and competency, checked. Scenarios keep their file order."""

    scenarios: Mapping[str, AnyScenario]
    competencies: Mapping[str, Competency]
    module_of: Mapping[str, str]  # scenario id -> module slug (the file name without .yml)
    sources: Mapping[str, str]  # bib key -> short citation text, for the quiz's source line
    rubric: Mapping[str, Move] = dataclasses.field(default_factory=dict)  # move id -> move
    identity: CourseIdentity = NEUTRAL  # the course's storage key, progress-file format and certificate name

    def get(self, scenario_id: str) -> AnyScenario:
        return self.scenarios[scenario_id]

    def in_module(self, module: str) -> list[AnyScenario]:
        return [s for sid, s in self.scenarios.items() if self.module_of[sid] == module]


def _read_text(path: Path, label: str, kind: str = "a scenario file") -> tuple[str | None, list[Problem]]:
    """The file's text, or (None, the one problem that stops us reading it)."""
    text, message = read_text(path, kind)
    return text, [] if message is None else [Problem(label, message)]


def _parse_yaml(path: Path, label: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Return (data, node tree, problems)."""
    text, problems = _read_text(path, label)
    if text is None:
        return None, None, problems
    data, node, problem = read_yaml(text)
    if problem:
        line, message = problem
        return None, None, [Problem(label, message, line=line)]
    return data, node, []


def _entry(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of `key` in a mapping node, or None if it is not there. The last one, as
    YAML keeps it: a key written out wins over the same key a merge key (<<) brought in before it."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next(((k, v) for k, v in reversed(node.value) if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _key_line(node: yaml.Node | None, key: str) -> int | None:
    """The line of `key` in a mapping node, or None if it is not there."""
    entry = _entry(node, key)
    return entry[0].start_mark.line + 1 if entry else None


def _items(node: yaml.Node | None, key: str) -> list[yaml.Node]:
    """The item nodes of the list under `key` in a mapping node (none if it is not a list)."""
    entry = _entry(node, key)
    return entry[1].value if entry and isinstance(entry[1], yaml.SequenceNode) else []


def _nth(nodes: list[yaml.Node], index: int) -> yaml.Node | None:
    """The node of a list's item; None, and so no line, should the tree ever not match the data."""
    return nodes[index] if index < len(nodes) else None


def _field_path(field: str) -> list[str | int]:
    """A field name as the parts of its path: 'options[2].rating' -> ['options', 2, 'rating']."""
    return [int(index) if index else key for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field)]


def _line_of(node: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """The line (1-based) where the field at `path` under `node` is written: its key, or its item in a
    list. For a field the file does not have (a missing one, say), the line of the nearest part of the
    path it does have, so the author still lands next to the problem."""
    if node is None:
        return None
    written = node
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            written = node = node.value[part]
        elif entry := _entry(node, str(part)):
            written, node = entry
        else:
            break
    return written.start_mark.line + 1


def _line_in_list(items: list[yaml.Node], field: str) -> int | None:
    """The line of a field named from the top of a list, such as '[3].options[1].text'."""
    index, *path = _field_path(field)
    return _line_of(_nth(items, index), path) if isinstance(index, int) else None


def _scene_node(scenario: yaml.Node | None, scene_id: str) -> yaml.Node | None:
    """A branching scenario's scene or ending with this id (the first, if two share it); failing
    that, the scenario itself."""
    for item in _items(scenario, "scenes") + _items(scenario, "endings"):
        entry = _entry(item, "id")
        if entry and entry[1].value == scene_id:
            return item
    return scenario


def _problem_line(scenario: yaml.Node | None, scene: str | None, field: str | None) -> int | None:
    """The line of a problem a check found, given as a field of the scenario or of one of its scenes."""
    return _line_of(_scene_node(scenario, scene) if scene else scenario, _field_path(field) if field else [])


def _loc_path(loc: tuple[Any, ...]) -> list[Any]:
    """A pydantic error's location without the names of pydantic's own validators in it."""
    return [part for part in loc
            if isinstance(part, int) or not (isinstance(part, str) and (part.startswith("function-") or "[" in part))]


def _field_name(loc: tuple[Any, ...]) -> str:
    name = ""
    for part in _loc_path(loc):
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{_printable(str(part))}" if name else _printable(str(part))
    return name or "(the scenario)"


def _friendly(error: Mapping[str, Any]) -> str:
    """Turn one pydantic error into words a volunteer can act on."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "is missing"
    if kind == "extra_forbidden":
        return "is not a field of a scenario (check the spelling)"
    if kind == "enum":
        return f"{_show(value)} is not a rating; use one of: {', '.join(r.value for r in Rating)}"
    if kind in ("string_too_short",):
        return "is empty"
    if kind == "string_too_long":
        return f"is too long ({len(str(value)):,} characters; at most {ctx.get('max_length')})"
    if kind in ("too_short", "too_long") and error["loc"][-1:] == ("options",):
        needs = "a scene needs 2 to 4" if "scenes" in error["loc"] else "a scenario needs 3 to 5"
        plural = "option(s)" if kind == "too_short" else "options"
        return f"has {ctx.get('actual_length')} {plural}; {needs}"
    if kind == "string_pattern_mismatch" and error["loc"][-1:] == ("ref",):
        return f"{_show(value)} is not a key of the references file: use letters, digits, '.', '_' and '-'"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} must be lower case letters, digits and single hyphens, e.g. al-long-silence"
    if kind == "string_type":
        return f"should be text, not {_show(value)}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"{_show(value)} is not a date; write it as YYYY-MM-DD"
    if kind in ("list_type", "dict_type", "model_type", "bool_type", "bool_parsing"):
        expected = {"list_type": "a list", "dict_type": "a set of fields", "model_type": "a set of fields",
                    "bool_type": "true or false", "bool_parsing": "true or false"}[kind]
        return f"should be {expected}, not {_show(value)}"
    return str(error.get("msg", "is not valid"))


def _show(value: Any) -> str:
    return _printable(repr(value), limit=40)


def _scenario_and_field(items: list[Any], field: str) -> tuple[str | None, str]:
    """'[2].options[0].text' -> (the id of scenario 3, 'options[0].text'), as every other problem names them."""
    found = re.match(r"\[(\d+)\]\.?(.*)", field)
    if not found:
        return None, field
    item = items[int(found[1])] if int(found[1]) < len(items) else None
    sid = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip() else None
    return (_printable(sid) if sid else f"#{int(found[1]) + 1}"), found[2] or "(the scenario)"


def _expanded(value: Any, settings: Mapping[str, str], where: str, problems: list[tuple[str, str]],
              depth: int = 0) -> Any:
    """`value` with every {{ name }} in its strings filled from the organiser's settings; each unknown
    name adds (field, message) to `problems` and is left as it was. Nesting deeper than any scenario
    has is left alone for validation to refuse (it would otherwise exhaust the stack)."""
    if depth > 40:
        return value
    if isinstance(value, str):
        try:
            return expand(value, dict(settings))
        except SettingError as exc:
            problems.append((where, str(exc)))
            return value
    if isinstance(value, list):
        return [_expanded(v, settings, f"{where}[{i}]", problems, depth + 1) for i, v in enumerate(value)]
    if isinstance(value, dict):
        # Keys are printable in the field's name: a key with a line break must not split a problem in two.
        return {k: _expanded(v, settings, f"{where}.{_printable(str(k))}" if where else _printable(str(k)), problems,
                             depth + 1) for k, v in value.items()}
    return value


def _check_scenarios(data: Any, nodes: list[yaml.Node],
                     label: str) -> Iterator[tuple[yaml.Node | None, AnyScenario | None, list[Problem]]]:
    """Validate each item of `scenarios:` on its own, so one bad item doesn't hide the rest.
    Yields (its node, the scenario or None, its problems)."""
    for index, item in enumerate(data):
        node = _nth(nodes, index)
        line = _line_of(node, [])
        sid = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
        name = _printable(sid) if sid and sid.strip() else f"#{index + 1}"
        if not isinstance(item, dict):
            yield node, None, [Problem(label, "should be a set of fields (id, title, ...)", name, None, line)]
            continue
        # A scenario with scenes is a branching one; anything else is checked as a simple scenario.
        model = BranchingScenario if "scenes" in item else Scenario
        try:
            yield node, model.model_validate(item), []
        except ValidationError as exc:
            problems = [
                Problem(label, _friendly(err), name, _field_name(err["loc"]), _line_of(node, _loc_path(err["loc"])))
                for err in exc.errors(include_url=False)
            ]
            yield node, None, problems


def _move_checks(scenario: AnyScenario, rubric: Mapping[str, Move]) -> Iterator[tuple[str | None, str, str]]:
    """Each option's move must be in the rubric and rated as the rubric rates it, or say why not."""
    places = ([(scene.id, f"options[{i}]", o) for scene in scenario.scenes for i, o in enumerate(scene.options)]
              if isinstance(scenario, BranchingScenario) else [(None, f"options[{i}]", o)
                                                              for i, o in enumerate(scenario.options)])
    for scene, field, option in places:
        if option.move is None:
            if option.rubric_exception:
                yield scene, f"{field}.rubric_exception", "is given, but the option names no move"
            continue
        move = rubric.get(option.move)
        if move is None:
            yield scene, f"{field}.move", f"'{option.move}' is not a move in {RUBRIC_FILE}"
        elif move.rating is not option.rating and not option.rubric_exception:
            yield scene, f"{field}.rating", (
                f"is '{option.rating.value}', but the rubric rates move '{move.id}' '{move.rating.value}': rate it "
                f"so, or add rubric_exception: saying what in this situation makes the difference")


def _cross_checks(scenario: AnyScenario, competencies: Mapping[str, Competency], sources: Mapping[str, str] | None,
                  references: str | Path | None) -> Iterator[tuple[str | None, str | None, str]]:
    """(scene, field, message) for each thing a scenario names that the bank does not have."""
    if competencies and scenario.competency not in competencies:
        yield None, "competency", f"unknown competency '{scenario.competency}'; use one of: {', '.join(competencies)}"
    if sources is not None and scenario.source.ref not in sources:
        where = _label(Path(references)) if references else "the references"
        yield None, "source.ref", f"'{scenario.source.ref}' is not a key in {where}"
    if scenario.safety_critical and not any(o.rating is Rating.HARMFUL for o in scenario.every_option):
        # "Safety-critical" means a harmful choice is possible here: the safety gate needs one to look for.
        yield (None, "safety_critical",
               "is true, but no option is rated harmful; add the harmful move or set it to false")
    if isinstance(scenario, BranchingScenario):
        yield from graph_problems(scenario)
    elif not any(o.rating is Rating.HELPFUL for o in scenario.options):
        yield None, "options", "has no 'helpful' option; at least one option must be rated helpful"


def _top_level_problems(data: Any, root: yaml.Node | None, label: str, module: str) -> list[Problem]:
    """A scenario file's own fields: a `scenarios:` list, the module named after the file, nothing else."""
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        return [Problem(label, "needs a 'scenarios:' list at the top level", field="scenarios",
                        line=_key_line(root, "scenarios"))]
    problems = []
    if "module" in data and data["module"] != module:
        problems.append(Problem(label, f"module is {_show(data['module'])}; it should be '{module}', "
                                       f"the file's own name", field="module", line=_key_line(root, "module")))
    extra = sorted(set(data) - {"module", "scenarios"}, key=str)
    if extra:
        names = ", ".join(_printable(str(key), 40) for key in extra)
        problems.append(Problem(label, f"unknown top-level field(s): {names}", line=_key_line(root, str(extra[0]))))
    return problems


def _load_list(path: Path, key: str, model: type[Competency] | type[Move],
               kind: str) -> tuple[dict[str, Any], list[Problem]]:
    """A file holding one list of `model` items under `key` (competencies, rubric moves), by id."""
    label = _label(path)
    data, root, problems = _parse_yaml(path, label)
    if problems:
        return {}, problems
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return {}, [Problem(label, f"needs a '{key}:' list", field=key, line=_key_line(root, key))]
    nodes = _items(root, key)
    found: dict[str, Any] = {}
    for index, item in enumerate(items):
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            problems += [Problem(label, _friendly(e), f"#{index + 1}", _field_name(e["loc"]),
                                 _line_of(_nth(nodes, index), _loc_path(e["loc"]))) for e in exc.errors()]
            continue
        if entry.id in found:
            problems.append(Problem(label, f"duplicate {kind} id '{entry.id}'", field="id",
                                    line=_line_of(_nth(nodes, index), ["id"])))
        found[entry.id] = entry
    return found, problems


def _load_competencies(directory: Path) -> tuple[dict[str, Competency], list[Problem]]:
    path = directory / COMPETENCY_FILE
    if not path.exists():
        return {}, [Problem(_label(path), "is missing: the bank needs a list of competencies")]
    found, problems = _load_list(path, "competencies", Competency, "competency")
    if not found and not problems:  # an empty list would switch the competency check off
        problems.append(Problem(_label(path), "lists no competencies; every scenario needs one to name",
                                field="competencies"))
    return found, problems


def _load_rubric(directory: Path) -> tuple[dict[str, Move], list[Problem]]:
    path = directory / RUBRIC_FILE
    if not path.exists():
        return {}, []  # a bank without a rubric checks no moves
    return _load_list(path, "moves", Move, "move")


def _load_cast(directory: Path) -> tuple[dict[str, Person] | None, list[Problem]]:
    """The bank's cast, or None for a bank without cast.yml (then no one-cast rule is checked)."""
    path = directory / CAST_FILE
    if not os.path.lexists(path):
        return None, []
    label = _label(path)
    text, problems = _read_text(path, label, "the cast file")
    if text is None:
        return None, problems
    cast, found = load_cast(text)
    return cast, [Problem(label, message, line=line) for line, message in found]


def _load_sources(references: Path | None) -> tuple[dict[str, str] | None, list[Problem]]:
    """Short citations ('Samaritans. SHUSH listening tips.') keyed by BibTeX key.

    None when there is no .bib file to check sources against, or when it cannot be read: then its
    one problem says it all, and no scenario's source is reported unknown because of it.
    """
    if references is None:
        return None, []
    label = _label(references)
    text, problems = _read_text(references, label, "a BibTeX file")
    if text is None:
        return None, problems
    database, problem = _parse_bibtex(text, label)
    if problem:
        return None, [problem]
    sources = {}
    for key, entry in database.entries.items():
        people = entry.persons.get("author", [])
        who = str(people[0]).strip("{}") if people else ""
        if len(people) > 1:
            who = f"{people[0].last_names[0] if people[0].last_names else who} and others"
        year = entry.fields.get("year")
        title = entry.fields.get("title", key).replace("{", "").replace("}", "")
        text = ". ".join(p for p in (who, f"({year})" if year else "", title) if p).replace(". (", " (")
        sources[key] = text if text.endswith((".", "?", "!")) else text + "."
    return sources, []


def _parse_bibtex(text: str, label: str) -> tuple[Any, Problem | None]:
    """(pybtex's database, None), or (None, one line for the first thing wrong in the text)."""
    import pybtex.errors  # imported here: only needed with a bib file
    from pybtex.database.input.bibtex import Parser
    from pybtex.scanner import PybtexSyntaxError

    # pybtex raises its first error or, when something in the process has switched its strict mode
    # off, prints each one to stderr over several lines and carries on. Capturing collects them
    # instead, whatever the mode: nothing is printed, and we report them our way.
    with pybtex.errors.capture() as errors:
        database = Parser().parse_string(text)
    if not errors:
        return database, None
    first, line = errors[0], getattr(errors[0], "lineno", None)
    # A syntax error's own text repeats the line ("syntax error in line 4: ..."); ours is in front.
    message = f"{first.error_type}: {first.args[0]}" if isinstance(first, PybtexSyntaxError) else str(first)
    more = f" (and {len(errors) - 1} more after it)" if len(errors) > 1 else ""
    return None, Problem(label, f"cannot be read as BibTeX: {_printable(message, 120)}{more}", line=line)


def _label(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a link that loops or points nowhere
        return str(path)


def load_bank(directory: str | Path, references: str | Path | None = None,
              settings: Mapping[str, str] | None = None, identity: CourseIdentity | None = None) -> Bank:
    """Load every `*.yml` scenario file in `directory` (plus its competencies.yml and rubric.yml).

    With `references` (a .bib file) each scenario's `source.ref` must be a key in it. Every {{ name }}
    in scenario text is filled from `settings`; by default, the organiser's settings of the course
    the folder belongs to (settings.course_settings of its parent folder). The bank carries the course's
    `identity`; by default, the one that course's _config.yml gives (identity.course_identity).
    Raises BankError listing every problem found.
    """
    directory = Path(directory)
    try:
        if settings is None:
            settings = course_settings(directory.resolve().parent)[0]
        if identity is None:
            identity = course_identity(directory.resolve().parent)
    except SettingError as exc:
        raise BankError([Problem(_label(directory.resolve().parent), str(exc))]) from None
    competencies, problems = _load_competencies(directory)
    rubric, rubric_problems = _load_rubric(directory)
    problems += rubric_problems
    sources, bib_problems = _load_sources(Path(references) if references else None)
    problems += bib_problems
    scenarios: dict[str, AnyScenario] = {}
    module_of: dict[str, str] = {}
    first_seen: dict[str, str] = {}
    node_of: dict[str, yaml.Node | None] = {}  # scenario id -> its node, which knows each field's line
    files = sorted(p for p in directory.glob("*.yml") if p.name not in NOT_SCENARIO_FILES)
    if not files:
        problems.append(Problem(_label(directory), "has no scenario files (*.yml)"))
    for path in files:
        label = _label(path)
        data, root, file_problems = _parse_yaml(path, label)
        problems += file_problems
        if file_problems:
            continue
        top_problems = _top_level_problems(data, root, label, path.stem)
        problems += top_problems
        if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
            continue
        nodes = _items(root, "scenarios")
        unknown: list[tuple[str, str]] = []
        data["scenarios"] = _expanded(data["scenarios"], settings, "", unknown)
        problems += [Problem(label, message, *_scenario_and_field(data["scenarios"], field),
                             line=_line_in_list(nodes, field)) for field, message in unknown]
        for node, scenario, item_problems in _check_scenarios(data["scenarios"], nodes, label):
            problems += item_problems
            if scenario is None:
                continue
            if scenario.id in first_seen:
                problems.append(Problem(label, f"duplicate id: '{scenario.id}' is already used in "
                                               f"{first_seen[scenario.id]}", scenario.id, "id", _line_of(node, ["id"])))
                continue
            first_seen[scenario.id] = label
            problems += [Problem(label, message, scenario.id, field, _problem_line(node, scene, field), scene)
                         for scene, field, message in _cross_checks(scenario, competencies, sources, references)]
            if rubric or any(o.move for o in scenario.every_option):
                problems += [Problem(label, message, scenario.id, field, _problem_line(node, scene, field), scene)
                             for scene, field, message in _move_checks(scenario, rubric)]
            scenarios[scenario.id] = scenario
            module_of[scenario.id] = path.stem
            node_of[scenario.id] = node
    bank = Bank(scenarios=scenarios, competencies=competencies, module_of=module_of, sources=sources or {},
                rubric=rubric, identity=identity)
    from .forms import contrast_problems  # needs the whole bank, and grading, which imports this module

    for sid, field, message in contrast_problems(bank):
        file = f"{_label(directory)}/{module_of[sid]}.yml" if sid else _label(directory)
        problems.append(Problem(file, message, sid, field, _problem_line(node_of[sid], None, field) if sid else None))
    cast, cast_problems = _load_cast(directory)
    problems += cast_problems
    if cast is not None:
        for sid, scenario in scenarios.items():
            file = f"{_label(directory)}/{module_of[sid]}.yml"
            problems += [Problem(file, message, sid, field, _problem_line(node_of[sid], scene, field), scene)
                         for scene, field, message in cast_findings(cast, scenario)]
    if problems:
        raise BankError(problems)
    return bank
