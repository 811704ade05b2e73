"""Problems found in a document: a JSON path and a plain sentence each."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PathPart = str | int
Path = tuple[PathPart, ...]


def format_path(parts: Sequence[PathPart]) -> str:
    """`("groups", 3, "members", 1)` as `groups[3].members[1]`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(document)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a document, where it is and what it is."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InvalidDocument(ValueError):
    """A document that cannot be used; carries every problem found in it."""

    def __init__(self, kind: str, problems: Iterable[Problem]):
        self.kind = kind
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the {kind} has {count} {noun}:\n{lines}")


class DocumentBeyondLimits(InvalidDocument):
    """A file too large, too deeply nested or with too long a number to be read at all."""

    def __init__(self, kind: str, problem: Problem):
        super().__init__(kind, [problem])
        self.args = (f"the {kind} cannot be read: {problem}",)  # one line, whatever the limit
