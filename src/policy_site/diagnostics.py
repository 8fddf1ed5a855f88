"""Problems found in a run, collected and reported together.

Every stage appends to a `Diagnostics` instead of raising on the first
problem, so an editor sees every problem of a source file at once, each as
`file:line: what was found, what was expected, how to fix`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    found: str
    expected: str
    fix: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}: {prefix}{self.found}; expected {self.expected}; {self.fix}"


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, found: str, expected: str, fix: str) -> None:
        self.items.append(Diagnostic(file, line, found, expected, fix))

    def warning(self, file: str, line: int, found: str, expected: str, fix: str) -> None:
        self.items.append(Diagnostic(file, line, found, expected, fix, Severity.WARNING))

    def extend(self, other: "Diagnostics") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BuildError(self.errors)


class BuildError(Exception):
    """Raised once a stage has collected at least one error."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))
