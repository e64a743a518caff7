"""Story openers such as ``BEIJING:`` or ``WASHINGTON (Reuters) -``."""

from __future__ import annotations

from datetime import date

from service.normalize.models import Dateline


def split_dateline(
    paragraph: str, *, language: str | None, anchor: date
) -> tuple[Dateline | None, str]:
    """The dateline at the start of ``paragraph`` (or None) and the paragraph without it.

    ``anchor`` supplies the year of a year-less dateline date.
    """
    return None, paragraph
