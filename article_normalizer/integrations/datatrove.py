"""A datatrove pipeline step that normalizes each document with the library.

datatrove (Hugging Face's web-data pipeline library, the one FineWeb was built with) reads WARC,
WET, JSONL or Parquet, shards the work into tasks and runs them on one machine
(``LocalPipelineExecutor``), on Slurm (``SlurmPipelineExecutor``) or on Ray
(``RayPipelineExecutor``). :class:`ArticleNormalizer` takes the place of its ``Trafilatura``
extractor step: each document's ``text`` (a page's HTML from ``WarcReader``, page text from a
WET file, either from JSONL) becomes the article body, and the article's fields go into
``metadata``. It calls the library in the task's process, never the REST service::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from article_normalizer import Normalizer
    from article_normalizer.integrations.datatrove import ArticleNormalizer

    LocalPipelineExecutor(
        pipeline=[
            WarcReader("s3://commoncrawl/crawl-data/CC-MAIN-2024-10/", glob_pattern="*/warc/*"),
            ArticleNormalizer(Normalizer(time_budget_s=10.0)),
            JsonlWriter("out/articles"),
        ],
        tasks=64,
        workers=8,
    ).run()

A document that cannot be normalized (empty, over its time budget, a page with no body) is
dropped and counted in the step's stats by problem code, as datatrove's filters do; with an
``exclusion_writer`` it is written there with the problem in ``metadata["normalizer_error"]``.
The step pickles cheaply (the :class:`~article_normalizer.library.Normalizer` carries its
configuration
only), so datatrove ships it to every task, where the models load once per process.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import msgspec
from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.typeshelper import StatHints

from article_normalizer.inputs import warc_date
from article_normalizer.library import InputKind, Normalizer, Source
from article_normalizer.normalize import Article
from article_normalizer.version import build_info

DEFAULT_BUDGET_S = 10.0
"""Seconds a page may take before its process is killed (the API's default): crawls hold
pathological pages, and one must not stall a task."""


class ArticleNormalizer(PipelineStep):  # type: ignore[misc]
    """Turn each document's page (HTML or text) into its article: body as ``text``, the
    rest in ``metadata``; documents that fail are dropped (and counted, and optionally kept
    by ``exclusion_writer``)."""

    name = "📰 Article normalizer"
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        normalizer: Normalizer | None = None,
        *,
        kind: InputKind = "auto",
        exclusion_writer: DiskWriter | None = None,
        keep_removed: bool = False,
    ) -> None:
        """``normalizer`` defaults to one with a 10 s budget per page; ``kind`` says whether
        ``text`` holds HTML or page text (default: by markup); ``keep_removed`` adds every
        line left out of the body, with its kind, as ``metadata["removed"]``."""
        super().__init__()
        self.normalizer = normalizer or Normalizer(time_budget_s=DEFAULT_BUDGET_S, kind=kind)
        self.kind: InputKind = kind
        self.exclusion_writer = exclusion_writer
        self.keep_removed = keep_removed

    def run(
        self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
    ) -> Iterator[Document]:
        pending: deque[Document] = deque()

        def sources() -> Iterator[Source]:
            for doc in data or ():
                pending.append(doc)
                metadata = doc.metadata or {}
                yield Source(
                    content=doc.text,
                    id=str(doc.id),
                    url=metadata.get("url"),
                    reference_time=_date(metadata.get("date")),
                    kind=self.kind,
                )

        writer_context = self.exclusion_writer or contextlib.nullcontext()
        with writer_context as writer:
            # normalize_many keeps input order, so each entry belongs to the oldest pending doc.
            for entry in self.normalizer.normalize_many(sources()):
                doc = pending.popleft()
                self.stat_update(StatHints.total)
                if entry.article is not None and entry.article.body:
                    doc.text = entry.article.body
                    doc.metadata.update(self._metadata(entry.article))
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                    continue
                if entry.error is not None:
                    reason = entry.error.type.rsplit(":", 1)[-1]
                    doc.metadata["normalizer_error"] = msgspec.to_builtins(entry.error)
                else:
                    reason = "empty_body"
                    doc.metadata["normalizer_error"] = {"type": reason}
                self.stat_update(StatHints.dropped)
                self.stat_update(f"dropped_{reason}")
                if writer is not None:
                    writer.write(doc, rank)
        self.normalizer.close()

    def _metadata(self, article: Article) -> dict[str, Any]:
        """The article's fields as flat metadata (what JSONL and Parquet writers store well)."""
        fields: dict[str, Any] = {
            "title": article.title,
            "published": article.published,
            "modified": article.modified,
            "language": article.language,
            "outlet": article.outlet.name if article.outlet else None,
            "outlet_domain": article.outlet.domain if article.outlet else None,
            "authors": list(article.byline.authors) if article.byline else [],
            "agency": (article.byline.agency if article.byline else None)
            or (article.dateline.agency if article.dateline else None),
            "dateline": article.dateline.text if article.dateline else None,
            "normalizer_warnings": list(article.warnings),
            "normalizer_version": build_info().version,
        }
        if self.keep_removed:
            fields["removed"] = [{"kind": r.kind, "text": r.text} for r in article.removed]
        return fields


def _date(value: object) -> datetime | None:
    """A reader's capture date (WARC-Date, ISO 8601) as the reference for relative dates."""
    if isinstance(value, datetime):
        return value
    return warc_date(value) if isinstance(value, str) else None


__all__ = ["DEFAULT_BUDGET_S", "ArticleNormalizer"]
