"""The interactive docs at ``/schema``: Swagger UI from assets installed with the service.

Swagger UI renders the spec's Markdown, lists enums and required marks, shows the request
examples and has a try-it console. Litestar's plugin loads it from a CDN by default; here the
files come from the ``swagger-ui-py`` package (Swagger UI 5, which reads OpenAPI 3.1), served
under ``/schema/assets/``, so the page works offline, behind firewalls and in air-gapped
clusters. Every other path under ``/schema`` is a problem+json 404 like the rest of the API,
instead of litestar's HTML "Error 404" page.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router
from litestar.exceptions import NotFoundException
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from litestar.status_codes import HTTP_404_NOT_FOUND

DOCS_PATH = "/schema"
ASSETS = "/assets"
_ASSET_FILES = ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")


def swagger_ui_dir() -> Path:
    """The installed Swagger UI files (the ``static`` folder of ``swagger-ui-py``).

    Found without importing the package, whose own code pulls in Jinja for framework glue
    this service does not use.
    """
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed; it carries the docs page's assets")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    missing = [name for name in _ASSET_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"swagger-ui-py at {folder} lacks {', '.join(missing)}")
    return folder


class DocsPage(SwaggerRenderPlugin):
    """Swagger UI at ``/schema``, on the spec as :func:`patch` completes it."""

    def __init__(self, patch: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        assets = DOCS_PATH + ASSETS
        super().__init__(
            js_url=f"{assets}/swagger-ui-bundle.js",
            css_url=f"{assets}/swagger-ui.css",
            standalone_preset_js_url=f"{assets}/swagger-ui-standalone-preset.js",
            path="/",
            favicon=f"<link rel='icon' type='image/png' href='{assets}/favicon-32x32.png'>",
        )
        self.patch = patch

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.patch(openapi_schema))

    def receive_router(self, router: Router) -> None:
        super().receive_router(router)
        router.register(
            create_static_files_router(
                path=ASSETS,
                directories=[swagger_ui_dir()],
                name="docs_assets",
                include_in_schema=False,
            )
        )


def _no_html_404(response: Response[Any]) -> Response[Any]:
    """Litestar answers unknown paths under ``/schema`` with its own HTML page; raising here
    sends them through the app's exception handlers like every other unknown path."""
    if response.status_code == HTTP_404_NOT_FOUND:
        raise NotFoundException()
    return response


def docs_router() -> Router:
    """The router litestar mounts the docs, the spec files and the assets on."""
    return Router(DOCS_PATH, route_handlers=[], include_in_schema=False, after_request=_no_html_404)
