"""Notebook parameters: declared once, in the notebook's ``parameters`` cell, and checked here
before any kernel starts.

A parameter is one annotated assignment with a literal default, and its allowed values and
help text in the comment on the same line::

    start_year: int = 2000  # [1990, 2030] first year shown
    dollars: str = "constant"  # {nominal, constant} dollars as spent, or deflated
    state: str = "national"  # {national, @states.abbreviation} a state profile
    programs: list = ["merida"]  # {@us_assistance.program} programmes to chart
    weights: dict = {"judicial": 1.0}  # {judicial, resources} [0, 10] weight per pillar

``{...}`` is the allowed set (for lists, of each element; for dicts, of each key) and may
name a data domain ``@table.column`` (the distinct values of that column in ``data/``);
``[lo, hi]`` is an inclusive numeric range (for dicts, of each value). The rest is help text.
Papermill's own inspector reads names, types and help from the same cell, so a notebook also
runs unchanged under plain ``papermill``.

This module imports only the standard library: the warm path of ``mxsec render`` must stay
fast.
"""

from __future__ import annotations

import ast
import csv
import difflib
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict}

_SPEC = re.compile(r"^\s*(?:\{(?P<choices>[^}]*)\})?\s*(?:\[(?P<lo>[^,\]]+),(?P<hi>[^\]]+)\])?\s*(?P<help>.*)$")


class ParameterError(ValueError):
    """Bad parameter input: the message names topic, parameter, value and what is allowed."""


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a topic notebook."""

    name: str
    type: str
    default: Any
    help: str = ""
    choices: tuple[str, ...] = ()  # literal values and ``@table.column`` domains
    low: float | None = None
    high: float | None = None

    def allowed(self, data_dir: Path | None = None) -> list[Any]:
        """The allowed set with data domains resolved (empty when any value is allowed)."""
        values: list[Any] = []
        for choice in self.choices:
            if choice.startswith("@"):
                values.extend(data_domain(choice[1:], data_dir))
            else:
                values.append(choice)
        return list(dict.fromkeys(values))

    def describe(self, data_dir: Path | None = None) -> dict[str, Any]:
        """A JSON-ready description, as ``mxsec list --json`` prints it."""
        out: dict[str, Any] = {"name": self.name, "type": self.type, "default": self.default, "help": self.help}
        if self.choices:
            out["allowed"] = self.allowed(data_dir)
        if self.low is not None:
            out["range"] = [self.low, self.high]
        return out


@dataclass
class ParameterSet:
    """All parameters of one notebook, in declaration order."""

    topic: str
    parameters: dict[str, Parameter] = field(default_factory=dict)

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def parse_parameters_source(source: str, topic: str = "notebook") -> ParameterSet:
    """Read the declarations of a ``parameters`` cell's source (see the module docstring)."""
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = tok.string.lstrip("#").strip()
    result = ParameterSet(topic)
    for node in ast.parse(source).body:
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            raise ParameterError(
                f"{topic}: every statement of the parameters cell must read `name: type = literal  # spec help` "
                f"(line {node.lineno})"
            )
        name = node.target.id
        type_name = ast.unparse(node.annotation)
        if type_name not in TYPES:
            raise ParameterError(f"{topic}: parameter '{name}' has type {type_name!r}; allowed: {', '.join(TYPES)}")
        default = ast.literal_eval(node.value)
        spec = _SPEC.match(comments.get(node.lineno, "")) or _SPEC.match("")
        choices = tuple(c.strip() for c in (spec["choices"] or "").split(",") if c.strip())
        low = _number(spec["lo"]) if spec["lo"] else None
        high = _number(spec["hi"]) if spec["hi"] else None
        result.parameters[name] = Parameter(name, type_name, default, spec["help"].strip(), choices, low, high)
    return result


def parameters_cell_source(notebook: dict) -> str:
    """The source of the cell tagged ``parameters`` (empty when there is none)."""
    for cell in notebook.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = cell["source"]
            return "".join(src) if isinstance(src, list) else src
    return ""


def read_parameters(notebook_path: Path, topic: str | None = None) -> ParameterSet:
    """Parse the parameters declared by a notebook file (plain JSON read; no nbformat)."""
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    return parse_parameters_source(parameters_cell_source(notebook), topic or Path(notebook_path).stem)


def data_domain(ref: str, data_dir: Path | None = None) -> list[str]:
    """Distinct values of ``table.column`` in ``data/<table>.csv``, in file order."""
    from mxsec.paths import data_dir as default_data_dir

    table, _, column = ref.partition(".")
    path = (data_dir or default_data_dir()) / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if column not in (reader.fieldnames or []):
            raise ParameterError(f"data domain @{ref}: {path.name} has no column {column!r}")
        return list(dict.fromkeys(row[column] for row in reader if row[column]))


_TRUE = {"true", "1", "yes", "y", "on"}
_FALSE = {"false", "0", "no", "n", "off"}


def coerce(param: Parameter, raw: Any, topic: str) -> Any:
    """Turn a command-line string (or an already typed value) into the parameter's type."""
    def fail(expected: str) -> ParameterError:
        return ParameterError(f"{topic}: parameter '{param.name}' got {raw!r}; expected {expected}")

    if not isinstance(raw, str):
        value = raw
    elif param.type == "bool":
        low = raw.strip().lower()
        if low not in _TRUE | _FALSE:
            raise fail("a boolean (true or false)")
        return low in _TRUE
    elif param.type in ("int", "float"):
        try:
            value = _number(raw) if param.type == "float" else int(raw)
        except ValueError:
            raise fail(f"a whole number ({param.type})" if param.type == "int" else "a number") from None
    elif param.type == "str":
        return raw
    elif param.type == "list":
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = [item.strip() for item in raw.split(",") if item.strip()]
    else:  # dict: JSON, or key=value,key=value
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            try:
                value = {k.strip(): _number(v) for k, v in (item.split("=") for item in raw.split(","))}
            except ValueError:
                raise fail('a mapping, e.g. {"a": 1} or a=1,b=2') from None
    expected_type = TYPES[param.type]
    if param.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected_type) or (param.type in ("int", "float") and isinstance(value, bool)):
        raise fail(f"a value of type {param.type}")
    return value


def check_value(param: Parameter, value: Any, topic: str, data_dir: Path | None = None) -> None:
    """Raise ParameterError when a typed value is outside the declared set or range."""
    allowed = param.allowed(data_dir) if param.choices else []

    def check_member(item: Any, what: str) -> None:
        if allowed and str(item) not in allowed:
            shown = ", ".join(allowed[:40]) + (" ..." if len(allowed) > 40 else "")
            hint = difflib.get_close_matches(str(item), allowed, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ParameterError(f"{topic}: parameter '{param.name}' {what} {item!r} is not allowed{suggestion}; allowed: {shown}")

    def check_range(number: Any, what: str) -> None:
        if param.low is not None and not (param.low <= number <= param.high):
            raise ParameterError(
                f"{topic}: parameter '{param.name}' {what} {number!r} is out of range; allowed: {param.low} to {param.high}"
            )

    if param.type == "list":
        if not value:
            raise ParameterError(f"{topic}: parameter '{param.name}' must not be empty")
        for item in value:
            check_member(item, "item")
    elif param.type == "dict":
        for key, number in value.items():
            check_member(key, "key")
            if not isinstance(number, (int, float)) or isinstance(number, bool):
                raise ParameterError(f"{topic}: parameter '{param.name}' value for {key!r} must be a number, got {number!r}")
            check_range(number, f"value for {key!r}")
    else:
        if param.choices:
            check_member(value, "value")
        if param.type in ("int", "float"):
            check_range(value, "value")


def validate(params: ParameterSet, overrides: dict[str, Any], data_dir: Path | None = None) -> dict[str, Any]:
    """Check ``overrides`` (name -> raw value) against the declarations; return typed values.

    Only the overrides are returned; names equal to their default are kept (the edition
    name drops them). Raises ParameterError, naming the topic, parameter, value and what is
    allowed, on the first problem.
    """
    typed: dict[str, Any] = {}
    for name, raw in overrides.items():
        if name not in params.parameters:
            known = list(params.parameters)
            hint = difflib.get_close_matches(name, known, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise ParameterError(
                f"{params.topic}: unknown parameter '{name}'{suggestion}; parameters: {', '.join(known) or 'none'}"
            )
        param = params.parameters[name]
        value = coerce(param, raw, params.topic)
        check_value(param, value, params.topic, data_dir)
        typed[name] = value
    if "start_year" in params.parameters and "end_year" in params.parameters:
        merged = params.defaults() | typed
        if merged["start_year"] > merged["end_year"]:
            raise ParameterError(
                f"{params.topic}: start_year {merged['start_year']} is after end_year {merged['end_year']}; "
                "start_year must not exceed end_year"
            )
    return typed


def effective_overrides(params: ParameterSet, typed: dict[str, Any]) -> dict[str, Any]:
    """Drop overrides equal to the default, so ``-p start_year=<default>`` is the default edition."""
    defaults = params.defaults()
    return {k: v for k, v in sorted(typed.items()) if defaults.get(k) != v}
