"""Imported once by the worker pool's fork server (see :mod:`article_normalizer.serving.execution`).

Importing it loads every lazy resource of the normalizer (parsers, language identification,
the line model, date data) in the fork server itself, so each worker forked from it, including
a replacement for a worker killed over its time budget, starts warm in milliseconds instead of
spending seconds on its first document.
"""

import gc

from article_normalizer.serving.execution import warm_up

warm_up()

# Everything loaded so far lives as long as the workers: keep it out of the collector's
# generations, so collections in a worker neither traverse it nor touch (and copy) its pages.
gc.freeze()
