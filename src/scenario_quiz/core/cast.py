# SPDX-License-Identifier: MIT
"""One cast: every named person in the scenario bank is one person, listed once in `cast.yml`.

    cast, problems = load_cast(path)              # problems: [(line, message)] in cast.yml itself
    for where, message in cast_findings(cast, scenario):   # where: (scene or None, field)
        ...

`cast.yml` holds one line per person (adding a person is a one-line change):

    people:
      - {name: Derek, age: 67, diabetes: type 2, role: member, group: community centre}

How a scenario's people are found, so that the check can be trusted:

* A cast name counts where it appears as a whole word, with its capital, in any text a trainee reads:
  the title, situation, question, every option's text, feedback and rubric exception, every scene and
  ending of a scenario in steps, and the role-play briefs. Case matters, so "Grace" the name is found
  and "grace" the word is not.
* Someone the cast does not know is caught where a scenario introduces a person the way this bank does:
  a capitalised word followed by an age ("Nadia, 42," or "Nadia, who is 42"), or a title and a surname
  ("Dr Shah", "Mr Novak"). On this bank the rule raises no false alarm (measured: tests/test_cast.py).
* Where a scenario introduces a cast person with an age or a diabetes type ("Derek, 67, who has type 2
  diabetes"), they must match the cast.
* A person belongs to one group, and a group meets at one venue. The venue of a scenario is the first
  venue its opening situation names. A scenario that puts a cast person at another venue is refused:
  this is what catches a sequel that moves someone ("after the group at the surgery" for a member of the
  community centre group). A person with no group (an organiser, a relative met at home) is not checked.

Nothing here imports from outside `core`: the loader calls it with plain values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from .yamlfile import read_yaml

__all__ = ["CAST_FILE", "VENUES", "Person", "cast_findings", "load_cast", "people_in", "venue_of"]

CAST_FILE = "cast.yml"

# Each venue a group meets at, with the words that name it in a situation. The first that a situation
# names is where the scenario happens.
VENUES: dict[str, str] = {
    "community centre": r"community cent(?:re|er)",
    "church hall": r"church hall",
    "village hall": r"village hall",
    "library": r"library",
    "café": r"caf[ée]",
    "surgery": r"surgery|medical centre",
    "leisure centre": r"leisure centre",
    "Scout hut": r"scout hut",
}
_VENUE = re.compile("|".join(f"(?P<v{i}>\\b(?:{p})\\b)" for i, p in enumerate(VENUES.values())), re.IGNORECASE)
_VENUE_NAMES = list(VENUES)

DIABETES = {"type 1", "type 2", "none", "not known"}
FIELDS = {"name", "age", "diabetes", "role", "group"}
NAME = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss) )?[A-Z][a-zà-ÿ]+(?:[-'][A-Za-zà-ÿ]+)?$")

# How this bank introduces a person: "Nadia, 42," / "Nadia, who is 42" / "Dr Shah".
_ONE_NAME = r"[A-Z][a-zà-ÿ]+(?:-[A-Za-zà-ÿ]+|'(?!s\b)[A-Za-zà-ÿ]+)?"  # "O'Neill" and "Anne-Marie", not "Derek's"
_WITH_AGE = re.compile(rf"\b((?:(?:Dr|Mr|Mrs|Ms|Miss) )?{_ONE_NAME}), (?:who is |aged )?(\d{{1,3}})\b"
                       r"(?! ?(?:%|am|pm|mmol))")
_TITLED = re.compile(rf"\b((?:Dr|Mr|Mrs|Ms|Miss) {_ONE_NAME})")
_TYPE = re.compile(r"\btype ([12])\b")


@dataclass(frozen=True)
class Person:
    name: str
    age: int | None
    diabetes: str | None
    role: str
    group: str | None  # a key of VENUES, or None for someone who belongs to no group
    line: int | None = None


def load_cast(text: str) -> tuple[dict[str, Person], list[tuple[int | None, str]]]:
    """Parse cast.yml. Returns the people by name and every problem as (line, message)."""
    problems: list[tuple[int | None, str]] = []
    _, root, problem = read_yaml(text)  # the scenario files' reader: an alias or deep nesting is one line
    if problem:
        return {}, [problem]
    entries = _people_nodes(root)
    if entries is None:
        return {}, [(1, "must have a 'people' list: one line per person, {name: ..., age: ..., diabetes: ..., "
                        "role: ..., group: ...}")]
    cast: dict[str, Person] = {}
    for node in entries:
        line = node.start_mark.line + 1
        person, message = _person(node, line)
        if message:
            problems.append((line, message))
            continue
        assert person is not None
        if person.name in cast:
            first = cast[person.name]
            problems.append((line, f"'{person.name}' is already in the cast on line {first.line}: one name is one "
                                   f"person, so give this one another name"))
            continue
        cast[person.name] = person
    return cast, problems


def _people_nodes(root: yaml.Node | None) -> list[yaml.Node] | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "people" and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return None


def _person(node: yaml.Node, line: int) -> tuple[Person | None, str | None]:
    if not isinstance(node, yaml.MappingNode):
        return None, "each person is one line: {name: ..., age: ..., diabetes: ..., role: ..., group: ...}"
    raw: dict[str, Any] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            return None, "each field of a person is one plain value"
        # The node's tag is already resolved (int, null, str...): construct it, rather than write it out
        # and read it back (which made loading the bank a third slower).
        raw[key.value] = yaml.constructor.SafeConstructor().construct_object(value) if value.value else None
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        return None, f"unknown field(s) {', '.join(unknown)}; a person has {', '.join(sorted(FIELDS))}"
    name = raw.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        return None, f"name {name!r} must be one capitalised name, or a title and a surname such as 'Dr Shah'"
    age = raw.get("age")
    if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 1 <= age <= 110):
        return None, f"{name}: age must be a whole number of years, or null"
    diabetes = raw.get("diabetes")
    if diabetes is not None and diabetes not in DIABETES:
        return None, f"{name}: diabetes must be one of {', '.join(sorted(DIABETES))}, or null"
    role = raw.get("role")
    if not isinstance(role, str) or not role.strip():
        return None, f"{name}: role is missing (member, carer, facilitator, nurse, organiser, ...)"
    group = raw.get("group")
    if group is not None and group not in VENUES:
        return None, f"{name}: group {group!r} must be one of {', '.join(VENUES)}, or null"
    return Person(name, age, diabetes, role.strip(), group, line), None


def venue_of(text: str) -> str | None:
    """The first venue a text names, as a key of VENUES."""
    match = _VENUE.search(text)
    return _VENUE_NAMES[int(match.lastgroup[1:])] if match and match.lastgroup else None


def _texts(scenario: Any) -> Iterator[tuple[str | None, str, str]]:
    """(scene id or None, field, text) for every text a trainee reads in a scenario."""
    yield None, "title", scenario.title
    yield None, "situation", scenario.situation
    if getattr(scenario, "question", None):
        yield None, "question", scenario.question
    for i, option in enumerate(getattr(scenario, "options", None) or []):
        yield from _option_texts(None, f"options[{i}]", option)
    for scene in getattr(scenario, "scenes", None) or []:
        yield scene.id, "situation", scene.situation
        yield scene.id, "question", scene.question
        for i, option in enumerate(scene.options):
            yield from _option_texts(scene.id, f"options[{i}]", option)
    for ending in getattr(scenario, "endings", None) or []:
        yield ending.id, "title", ending.title
        yield ending.id, "text", ending.text
    roleplay = getattr(scenario, "roleplay", None)
    if roleplay is not None:
        yield None, "roleplay.member", roleplay.member
        yield None, "roleplay.facilitator", roleplay.facilitator


def _option_texts(scene: str | None, prefix: str, option: Any) -> Iterator[tuple[str | None, str, str]]:
    yield scene, f"{prefix}.text", option.text
    yield scene, f"{prefix}.feedback", option.feedback
    if option.rubric_exception:
        yield scene, f"{prefix}.rubric_exception", option.rubric_exception


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    return _pattern_of(tuple(sorted(names, key=len, reverse=True)))  # "Dr Shah" before a name it might contain


@functools.lru_cache(maxsize=8)
def _pattern_of(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Made once per cast, not once per scenario: joining and compiling a cast's names took a fifth of a bank's load.
    The lookahead for the names' first letters comes first: Python's `re` then skips every other place in a
    text at once, where it would try all the names there (five times faster over the course's texts). A cast
    name is never empty: load_cast takes only names that match NAME."""
    if not names:
        return None
    firsts = re.escape("".join(sorted({n[0] for n in names})))
    return re.compile(rf"(?=[{firsts}])(?<![\w'-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def people_in(cast: Mapping[str, Person], scenario: Any) -> set[str]:
    """The cast names a scenario mentions anywhere a trainee reads."""
    pattern = _name_pattern(cast)
    if pattern is None:
        return set()
    return {m.group(1) for _, _, text in _texts(scenario) for m in pattern.finditer(text)}


def cast_findings(cast: Mapping[str, Person], scenario: Any) -> Iterator[tuple[str | None, str, str]]:
    """(scene or None, field, message) for each way a scenario breaks the one-cast rule."""
    pattern = _name_pattern(cast)
    seen: set[tuple[str | None, str, str]] = set()

    def once(scene: str | None, field: str, message: str) -> Iterator[tuple[str | None, str, str]]:
        if (scene, field, message) not in seen:
            seen.add((scene, field, message))
            yield scene, field, message

    for scene, field, text in _texts(scenario):
        for match in _WITH_AGE.finditer(text):
            name, age = match.group(1), int(match.group(2))
            person = cast.get(name)
            if person is None:
                yield from once(scene, field, f"names {name}, {age}, who is not in the cast: add one line for "
                                              f"them to scenarios/{CAST_FILE} (or use a cast name)")
            elif person.age is not None and person.age != age:
                yield from once(scene, field, f"says {name} is {age}, but the cast's {name} is {person.age}: "
                                              f"one name is one person, so use their age or another name")
        for match in _TITLED.finditer(text):
            if match.group(1) not in cast:
                yield from once(scene, field, f"names {match.group(1)}, who is not in the cast: add one line for "
                                              f"them to scenarios/{CAST_FILE} (or use a cast name)")
        if pattern is not None:
            yield from _type_findings(cast, pattern, text, scene, field, once)
    venue = venue_of(scenario.situation)
    if venue is None or pattern is None:
        return
    for name in sorted(people_in(cast, scenario)):
        group = cast[name].group
        if group is not None and group != venue:
            yield from once(None, "situation", f"puts {name} at the {venue}, but {name} belongs to the group at the "
                                               f"{group}: keep them there, or use another name")


def _type_findings(cast: Mapping[str, Person], pattern: re.Pattern[str], text: str, scene: str | None,
                   field: str, once: Any) -> Iterator[tuple[str | None, str, str]]:
    """A cast person introduced with a diabetes type ("Kath, 60, who has type 1 diabetes") must match the cast."""
    matches = list(pattern.finditer(text))
    for k, match in enumerate(matches):
        name = match.group(1)
        person = cast[name]
        # The words about this person: up to the end of the sentence, or the next name, whichever is first.
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        sentence = re.search(r"[.!?](?:\s|$)", text[match.end():end])
        clause = text[match.end(): match.end() + sentence.start() if sentence else end]
        if not re.match(r"(?:,\s*\d{1,3})?,\s*(?:who|a |an |has |had |found|was )", clause):
            continue  # the type is said of the person only where the sentence introduces them
        stated = _TYPE.search(clause)
        if stated and person.diabetes in {"type 1", "type 2"} and person.diabetes != f"type {stated.group(1)}":
            yield from once(scene, field, f"says {name} has type {stated.group(1)} diabetes, but the cast's {name} "
                                          f"has {person.diabetes}: one name is one person, so use another name")
