"""Parse one YAML record quickly, with the same result as a YAML 1.1 safe loader.

rapidyaml (C++) parses about 7x faster than PyYAML's C loader. It differs from
PyYAML on a few constructs (null spelled `~`, YAML 1.1 booleans such as `yes`,
anchors, tags, timestamps, some number forms); a record that holds any of them is
parsed by PyYAML instead, so the result is always what PyYAML would give (dates as
ISO strings). `bench/import_relaton.py` and the tests compare both on real data.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import orjson
import ryml
import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars whose YAML 1.1 meaning rapidyaml's JSON emitter does not reproduce:
# null as `~`, YAML 1.1 booleans, special floats, octal/hex/binary/sexagesimal
# numbers, timestamps with a time, exponents without a dot.
_RISKY_SCALAR = (
    rb"~|null|Null|NULL|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    rb"|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|\+\d[\d_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+"
    rb"|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?|\d+_\d[\d_]*"
    rb"|\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?"
    rb"(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?"
    rb"|[-+]?[\d.]+[eE][-+]?\d+"
)
# A value (after `key:` or `- `, or inside a flow collection) that is one of those
# scalars, or starts with an anchor, alias or tag. Written to start on a literal
# character so the scan stays fast (it runs on every record).
_RISKY = re.compile(
    rb"(?:[:\-][ \t]+(?:(?:" + _RISKY_SCALAR + rb")[ \t]*(?:#[^\n]*)?(?:\n|$)|[&*!][^\s,\]}])"
    rb"|[\[{,][ \t]*[&*!][^\s,\]}])"
)


class YamlError(ValueError):
    """The bytes are not one YAML document; the message says where."""


# Aliases let a few hundred bytes stand for billions of nodes ("billion laughs"): the
# document is measured as it would be expanded, before anything is built.
MAX_NODES = 1_000_000


def _expanded_size(root: yaml.Node) -> int:
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            size = 1
            for child in _children(node):
                size += sizes[id(child)]
            sizes[key] = size
            if size > MAX_NODES:
                raise YamlError(f"expands to more than {MAX_NODES:,} values (an alias bomb?)")
            continue
        if key in sizes:
            continue
        if key in open_:
            raise YamlError("an alias refers to itself (a recursive structure)")
        open_.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class _BoundedLoader(_LOADER):  # type: ignore[misc,valid-type]
    def construct_document(self, node: yaml.Node) -> Any:
        _expanded_size(node)
        return super().construct_document(node)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def parse_pyyaml(data: bytes) -> Any:
    try:
        docs = list(yaml.load_all(data, Loader=_BoundedLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise YamlError(f"{where}{exc.problem or exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise YamlError(str(exc).splitlines()[0]) from None
    if len(docs) != 1:
        raise YamlError(f"expected one YAML document, found {len(docs)}")
    return _plain(docs[0])


def _parse_ryml(data: bytes) -> Any:
    tree = ryml.parse_in_arena(data)
    node = tree.root_id()
    if tree.is_stream(node):
        if tree.num_children(node) != 1:
            raise ValueError("not one document")
        node = tree.first_child(node)
    return orjson.loads(ryml.emit_json_malloc(tree, node))


def parse_document(data: bytes) -> Any:
    """The single YAML document in `data`, as plain Python values."""
    if not data.strip():
        raise YamlError("empty file")
    if b"\x00" in data:
        raise YamlError("binary content (NUL bytes), not YAML text")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(f"not UTF-8 text (byte {exc.start})") from None
    if not _RISKY.search(data):
        try:
            return _parse_ryml(data)
        except Exception:
            pass
    return parse_pyyaml(data)
