# SPDX-License-Identifier: MIT
"""The one reader of the course's YAML files (scenario files, the competencies, the rubric, the cast, the
workshop plans, _config.yml and nations.yml):

    data, node, problem = read_yaml(text)   # problem: None, or (line or None, "is not valid YAML: ...")
    text, message = read_text(path, kind)   # a file's text, or why it cannot be read (message: None or one line)
    data, problem = read_yaml_file(path)    # read_text, then read_yaml
    where = located("plan.yml", problem)    # "plan.yml:3: is not valid YAML: ..."

The text is parsed once, by libyaml where it is installed. Aliases, explicit tags, nesting past MAX_DEPTH
and repeated keys are refused before any value is built, so a hostile file costs milliseconds and gives
one line, never a traceback. `node` is the file's node tree, which knows each field's line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "located", "printable", "read_text", "read_yaml", "read_yaml_file"]


# libyaml when present (fast), else PyYAML's pure-Python safe loader. Both are *safe* loaders.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_FILE_BYTES = 1_000_000  # a course file is a few dozen KB; anything this big is a mistake
MAX_DEPTH = 40  # a course file nests about 8 deep; far deeper is a mistake or an attack on the parser


class _ValueProblem(Exception):
    """A value PyYAML could not build (an impossible date, say), with the line it is on."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def _refuse_unsafe(event: Any, depth: int) -> None:
    """Raise for an alias, an explicit tag or nesting past MAX_DEPTH, as soon as the parser meets it.

    Aliases are never needed in a course file, and refusing them rules out "billion laughs"
    files that expand to gigabytes. Explicit tags (!!binary, !!int ...) only smuggle in values of
    other kinds. Deep nesting is refused here, before anything recursive runs on it.

    `event` is Any: it comes from libyaml or from PyYAML's own parser, whose marks are of different types.
    """
    mark: Any = event.start_mark
    if isinstance(event, yaml.AliasEvent):
        raise yaml.MarkedYAMLError(
            problem="aliases (*name) are not allowed in the course's files; write the text out in full",
            problem_mark=mark,
        )
    if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and event.tag and event.tag != "!" and (
            not isinstance(event, yaml.ScalarEvent) or event.implicit == (False, False)):
        raise yaml.MarkedYAMLError(
            problem=f"explicit tags ({printable(event.tag, 30)}) are not allowed in the course's files; write the "
                    f"value plainly", problem_mark=mark)
    if depth > MAX_DEPTH:
        raise yaml.MarkedYAMLError(problem=f"it is nested more than {MAX_DEPTH} levels deep", problem_mark=mark)


def _new_node(loader: Any, event: Any) -> Any:
    """The node a scalar or a collection's start makes, its tag resolved as PyYAML's composer does.
    Any, as for _refuse_unsafe: the event (and so the node's marks) may come from libyaml."""
    tag = event.tag if event.tag != "!" else None
    start: Any = event.start_mark
    if isinstance(event, yaml.ScalarEvent):
        end: Any = event.end_mark
        return yaml.ScalarNode(tag or loader.resolve(yaml.ScalarNode, event.value, event.implicit), event.value,
                               start, end, style=event.style)
    kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
    return kind(tag or loader.resolve(kind, None, event.implicit), [], start, None,
                flow_style=event.flow_style)


def _key_value_pairs(children: list[yaml.Node], duplicates: list[tuple[int, str]]) -> list[tuple[yaml.Node, yaml.Node]]:
    """A mapping's (key, value) pairs from its children in order; adds (line, key) for each key
    given twice, which YAML would silently let the last one win."""
    pairs = list(zip(children[::2], children[1::2], strict=True))
    seen = set()
    for key, _ in pairs:
        if isinstance(key.value, str):
            if key.value in seen:
                duplicates.append((key.start_mark.line + 1, key.value))
            seen.add(key.value)
    return pairs


def _compose_document(loader: Any, duplicates: list[tuple[int, str]]) -> yaml.Node:
    """The document's node tree, built from the parser's events as they arrive, without recursion."""
    unclosed: list[tuple[yaml.Node, list[yaml.Node]]] = []  # outermost first, with their children
    while True:
        event = loader.get_event()
        if type(event) is not yaml.ScalarEvent or event.tag is not None:  # skips most events: untagged values are safe
            _refuse_unsafe(event, len(unclosed) + isinstance(event, yaml.CollectionStartEvent))
        if isinstance(event, yaml.CollectionStartEvent):
            unclosed.append((_new_node(loader, event), []))
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            node, children = unclosed.pop()
            node.end_mark = event.end_mark
            node.value = children if isinstance(node, yaml.SequenceNode) else _key_value_pairs(children, duplicates)
        else:
            node = _new_node(loader, event)
        if not unclosed:
            return node
        unclosed[-1][1].append(node)


def _compose(loader: Any) -> yaml.Node | None:
    """The file's one document as a node tree (None for an empty file), from a single pass of the parser."""
    loader.get_event()  # the stream's start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    document = loader.get_event()
    duplicates: list[tuple[int, str]] = []
    root = _compose_document(loader, duplicates)
    loader.get_event()  # the document's end
    if not loader.check_event(yaml.StreamEndEvent):
        raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                          "but found another document", loader.get_event().start_mark)
    if duplicates:
        line, key = min(duplicates)
        raise _ValueProblem(f"the key '{printable(key, 40)}' is given twice; YAML would keep only the last one", line)
    return root


def _construct(loader: Any, node: yaml.Node) -> Any:
    try:
        return loader.construct_document(node)
    except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as exc:
        # PyYAML raises plain errors while building values: find the scalar that fails, for its line.
        stack = [node]
        while stack:
            current = stack.pop()
            if isinstance(current, yaml.ScalarNode):
                try:
                    _SafeLoader("").construct_object(current)  # a fresh loader: the failed one keeps state
                except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
                    raise _ValueProblem(f"the value '{printable(str(current.value), 40)}' cannot be read "
                                        f"({exc.__class__.__name__}: {printable(str(exc), 60)})",
                                        current.start_mark.line + 1) from None
            elif isinstance(current, yaml.MappingNode):
                stack.extend(v for pair in current.value for v in pair)
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
        raise _ValueProblem(f"a value cannot be read ({exc.__class__.__name__})", None) from None


def _load_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The file's data, and its node tree, which knows each field's line. The text is parsed once:
    aliases, explicit tags, deep nesting and repeated keys are refused before any value is built."""
    loader = _SafeLoader(text)
    try:
        node = _compose(loader)
        return (_construct(loader, node) if node is not None else None), node
    finally:
        loader.dispose()


def printable(text: str, limit: int = 80) -> str:
    """Text safe to put in a one-line message: escapes newlines and control characters."""
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_yaml(text: str) -> tuple[Any, yaml.Node | None, tuple[int | None, str] | None]:
    """(data, node tree, None), or (None, None, (line or None, what is wrong)) for a file that cannot be read."""
    try:
        data, node = _load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(exc.problem or exc.context or "is not valid YAML").split())
        return None, None, (mark.line + 1 if mark else None, f"is not valid YAML: {problem}")
    except yaml.reader.ReaderError as exc:
        # libyaml gives the character as a number, pure-Python PyYAML as a string
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, None, (None, f"is not valid YAML: it contains the character U+{code:04X}, which YAML "
                                  "does not allow")
    except yaml.YAMLError as exc:
        return None, None, (None, "is not valid YAML: " + " ".join(str(exc).split()))
    except _ValueProblem as exc:
        return None, None, (exc.line, f"is not valid YAML: {exc}")
    except RecursionError:
        return None, None, (None, "is not valid YAML: it is nested too deeply")
    return data, node, None


def read_text(path: Path, kind: str = "a course file") -> tuple[str | None, str | None]:
    """(the file's text, None), or (None, the one line that says why it cannot be read). A folder, a device such
    as /dev/zero, a named pipe or a file over MAX_FILE_BYTES is refused before anything is read."""
    try:
        if not path.is_file():
            if not os.path.lexists(path):
                return None, "does not exist"
            return None, f"is not a regular file; {kind} must be a plain text file"
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, f"file is {size:,} bytes; {kind} must be under 1 MB"
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError:
        return None, "file is not UTF-8 text; save it as UTF-8"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror}"


def read_yaml_file(path: Path) -> tuple[Any, tuple[int | None, str] | None]:
    """(data, None), or (None, (line or None, what is wrong)): for the files read whole (settings, plans)."""
    text, message = read_text(path)
    if text is None:
        return None, (None, message or "cannot be read")
    data, _, problem = read_yaml(text)
    return data, problem


def located(name: str, problem: tuple[int | None, str]) -> str:
    """The problem as one line that starts with the file's name (and line, where known)."""
    line, message = problem
    return f"{name}:{line}: {message}" if line else f"{name}: {message}"
