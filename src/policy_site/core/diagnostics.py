"""Problems found in a run, collected and reported together.

Every stage appends to a `Diagnostics` instead of raising on the first
problem, so an editor sees every problem of a source file at once, each as
`file:line: what was found; expected what; how to fix` (with `:column` after
the line where a character is meant).

Output stays bounded whatever the input: the first `LIMIT` errors and the
first `LIMIT` warnings are kept and the rest only counted (`omitted_*`), so a
file of a million `?` costs no more memory than one of two hundred; the report
prints the first `LIMIT` and says how many more there are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

LIMIT = 200


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int  # 1-based; 0 is shown as 1 (a problem of the whole file)
    found: str
    expected: str
    fix: str
    severity: Severity = Severity.ERROR
    column: int = 0  # 1-based, in characters; 0 when no column is meant

    def __str__(self) -> str:
        where = f"{visible(self.file)}:{max(self.line, 1)}" + (f":{self.column}" if self.column else "")
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return (f"{where}: {prefix}{visible(_short(self.found))}; expected {visible(_short(self.expected))}; "
                f"{visible(_short(self.fix))}")


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """Text from a content file or a source made safe to print: control,
    escape and direction characters shown as `\\u001b`, so a value cannot
    clear or recolour a terminal, reorder a line or forge a line of its own."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def visible_lines(text: str) -> str:
    """A report of several lines (the audit's table), each line made visible.

    >>> visible_lines("a\\x1b[2J\\nb")
    'a\\\\u001b[2J\\nb'
    """
    return "\n".join(visible(line) for line in text.split("\n"))


def _short(text: str, limit: int = 400) -> str:
    """A part of a message quoting a 20,000-character line stays readable."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit:,} more characters)"


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)
    omitted_errors: int = 0  # errors beyond LIMIT, counted but not kept
    omitted_warnings: int = 0
    _kept: dict = field(default_factory=dict, repr=False)  # severity -> items kept

    def _add(self, item: Diagnostic) -> None:
        # Counted per severity, so that warnings never crowd out the errors
        # that decide whether the build fails.
        if self._kept.get(item.severity, 0) < LIMIT:
            self._kept[item.severity] = self._kept.get(item.severity, 0) + 1
            self.items.append(item)
        elif item.severity is Severity.ERROR:
            self.omitted_errors += 1
        else:
            self.omitted_warnings += 1

    def error(self, file: str, line: int, found: str, expected: str, fix: str, *, column: int = 0) -> None:
        if self._kept.get(Severity.ERROR, 0) >= LIMIT:
            self.omitted_errors += 1
            return
        self._add(Diagnostic(file, line, found, expected, fix, Severity.ERROR, column))

    def room(self) -> int:
        """How many more errors will be kept (a stage with millions of the
        same problem can count the rest with `omit` instead of formatting them)."""
        return LIMIT - self._kept.get(Severity.ERROR, 0)

    def omit(self, count: int) -> None:
        self.omitted_errors += count

    def warning(self, file: str, line: int, found: str, expected: str, fix: str, *, column: int = 0) -> None:
        self._add(Diagnostic(file, line, found, expected, fix, Severity.WARNING, column))

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        for item in other.items if isinstance(other, Diagnostics) else other:
            self._add(item)
        if isinstance(other, Diagnostics):
            self.omitted_errors += other.omitted_errors
            self.omitted_warnings += other.omitted_warnings

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.omitted_errors

    def report_lines(self) -> list[str]:
        """What to print: every kept problem in the order found (stages run
        causes before consequences), then how many more were not shown."""
        lines = [str(item) for item in self.items[:LIMIT]]
        omitted = self.omitted_errors + self.omitted_warnings + max(0, len(self.items) - LIMIT)
        if omitted:
            lines.append(f"{omitted} more problem(s) not shown (only the first {LIMIT} are); "
                         "fix these and build again to see the rest")
        return lines

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(self.errors)


class BuildError(Exception):
    """Raised once a stage has collected at least one error."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))
