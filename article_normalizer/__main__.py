"""``python -m article_normalizer normalize FILE...``: the command line on the same pipeline as the
API."""

from article_normalizer.cli import main

raise SystemExit(main())
