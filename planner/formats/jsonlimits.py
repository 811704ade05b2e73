"""JSON read with limits, so that a hostile or broken file is refused in words, not by a crash.

Python's own parser recurses per nesting level (200,000 `[` end in `RecursionError`) and
refuses integers of more than 4,300 digits with a bare `ValueError`; a scenario needs
neither. Here depth, number length and the size of a file are checked first, and every
breach is a `JsonLimitError` that says which limit and where.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

MAX_DEPTH = 32  # a scenario nests six deep; room for what other tools add
MAX_NUMBER_LENGTH = 40  # characters: more than any count, minute or weight a scenario holds
MAX_FILE_BYTES = 20 * 1024 * 1024  # `kotoplan import` and friends; a large region is ~2 MB

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class JsonLimitError(ValueError):
    """A JSON text beyond one of the limits; `limit` says which: size, depth or number."""

    def __init__(self, limit: str, message: str):
        super().__init__(message)
        self.limit = limit


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """The value of a JSON text within the limits; `json.JSONDecodeError` if it is not JSON."""
    _check_depth(text, max_depth)
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)


def read_text(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A UTF-8 file's text, refused before reading when it is larger than `max_bytes`."""
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise JsonLimitError(
            "size",
            f"is {size} bytes, more than the {max_bytes / 2**20:g} MB a file may be",
        )
    return Path(path).read_text(encoding="utf-8")


def _check_depth(text: str, max_depth: int) -> None:
    # Strings go first: a "[" inside one does not nest anything.
    depth = 0
    for found in _BRACKET.finditer(_STRING.sub('""', text)):
        if found.group() in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonLimitError("depth", f"nests deeper than {max_depth} levels")
        else:
            depth -= 1


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_LENGTH:
        raise JsonLimitError("number", f"holds a number longer than {MAX_NUMBER_LENGTH} characters")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_LENGTH:
        raise JsonLimitError("number", f"holds a number longer than {MAX_NUMBER_LENGTH} characters")
    value = float(text)
    if not math.isfinite(value):  # 1e400
        raise JsonLimitError("number", f"holds a number too large to use: {text}")
    return value


def _constant(text: str) -> float:
    raise JsonLimitError("number", f"holds {text}, which is not a JSON number")
