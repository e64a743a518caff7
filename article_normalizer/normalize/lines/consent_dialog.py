"""A consent dialog's sentences are clutter where its buttons stand beside them.

A cookie or privacy consent dialog prints, besides its buttons ("Accept all", "Cookie
settings"), whole paragraphs of plain prose ("We and our partners store and/or access
information on a device..."): the line model reads them as prose and the lexicon never makes a
long sentence certain clutter, since an article may well discuss cookies. What gives the
dialog away is its buttons: a sentence that names cookies or consent within a few lines of a
line the lexicon names as a consent control with certainty belongs to that dialog, and so does
the next such sentence within reach of it. A dialog that lists its purposes and vendors (the
IAB TCF's) prints between its labels lines that name neither cookies nor consent ("Your data
can be used to monitor for and prevent unusual and possibly fraudulent activity"): where the
dialog's lines stand close together, what stands between them is the dialog's too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from article_normalizer.rules.body_rules import ConsentDialog

COOKIE = "cookie"
REASON = "lexicon:cookie consent_dialog"
BAR_REASON = "lexicon:cookie consent_bar"

Verdict = tuple[str, str] | None
"""A line's certain-clutter verdict: ``(kind, reason)``, or None."""


def consent_dialog(
    verdicts: Sequence[Verdict],
    mentions_consent: Callable[[int], bool],
    rule: ConsentDialog,
    is_bar: Callable[[int], bool] | None = None,
) -> list[Verdict]:
    """``verdicts`` with the sentences of each consent dialog named ``cookie`` too.

    ``verdicts`` are the lexicon's certain-clutter verdicts per line; ``mentions_consent(i)``
    says whether line ``i`` carries any consent-lexicon entry at all (read only near a dialog's
    control, so pages without one cost nothing); ``rule.window`` is how many lines away from a
    control, or from a sentence already taken, a sentence still belongs to the dialog.
    ``is_bar(i)`` says whether a line no verdict names is a bar of the dialog's buttons side by
    side (:mod:`~article_normalizer.normalize.lines.consent_bar`): a control as sure as one
    button alone.
    """
    window = rule.window
    out = list(verdicts)
    if is_bar is not None:
        for i, verdict in enumerate(out):
            if verdict is None and is_bar(i):
                out[i] = (COOKIE, BAR_REASON)
    anchors = [i for i, verdict in enumerate(out) if verdict is not None and verdict[0] == COOKIE]
    while anchors:
        index = anchors.pop()
        for j in range(max(0, index - window), min(len(out), index + window + 1)):
            if out[j] is None and mentions_consent(j):
                out[j] = (COOKIE, REASON)
                anchors.append(j)
    return _filled(out, rule)


def _filled(out: list[Verdict], rule: ConsentDialog) -> list[Verdict]:
    """``out`` with the gaps inside each close run of dialog lines named ``cookie`` too."""
    dialog = [i for i, verdict in enumerate(out) if verdict is not None and verdict[0] == COOKIE]
    runs: list[list[int]] = []
    for i in dialog:
        if runs and i - runs[-1][-1] <= rule.fill_gap + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) < rule.fill_min_lines:
            continue
        for j in range(run[0] + 1, run[-1]):
            if out[j] is None:
                out[j] = (COOKIE, REASON)
    return out
