"""The checks every settings file of the rules runs on its values, each raising the file's own
error: a malformed shipped file is a packaging error the test suite names, never a default."""

from __future__ import annotations

from typing import Any


def exact_keys(
    table: Any, keys: frozenset[str], where: str, error: type[ValueError]
) -> dict[str, Any]:
    """``table`` when it is a table holding exactly ``keys``; ``where`` names it in the error."""
    if not isinstance(table, dict) or set(table) != keys:
        got = sorted(table) if isinstance(table, dict) else table
        raise error(f"{where} must hold exactly {sorted(keys)}, got {got!r}")
    return table


def whole(table: dict[str, Any], key: str, low: int, error: type[ValueError]) -> int:
    """``table[key]``, a whole number of at least ``low`` (a bool is no number)."""
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise error(f"{key} must be a whole number >= {low}, got {value!r}")
    return value


def share(table: dict[str, Any], key: str, error: type[ValueError]) -> float:
    """``table[key]``, a share in (0, 1]."""
    value = table.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
        raise error(f"{key} must be in (0, 1], got {value!r}")
    return float(value)
