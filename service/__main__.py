"""``python -m service normalize FILE...``: the command line on the same pipeline as the API."""

from service.cli import main

raise SystemExit(main())
