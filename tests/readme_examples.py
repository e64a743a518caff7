"""The README's request examples, run against the app and written back (``make readme``).

Each example in ``docs/readme_examples.toml`` becomes the curl command a reader can paste and
the answer the app gives to that exact request, printed the way the command prints it (jq or
``python3 -m json.tool``). The README holds them between ``<!-- example: NAME -->`` and
``<!-- /example -->``; ``tests/api/test_readme_examples.py`` checks they are current, so the
first command a newcomer runs agrees with the docs.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
EXAMPLES = REPO / "docs" / "readme_examples.toml"
BASE = "localhost:8000"
FORM = "application/x-www-form-urlencoded"
"""What curl sends a ``-d``/``--data-binary`` body as when no Content-Type is given."""

_BLOCK = re.compile(r"(<!-- example: ([a-z0-9-]+) -->\n)(.*?)(<!-- /example -->)", re.S)


@dataclass
class Example:
    """One request of the README and how its answer is shown."""

    name: str
    method: str
    path: str
    show: str
    content_type: str | None = None
    request_id: str | None = None
    json: str | None = None
    text: str | None = None
    data: str | None = None
    lines: list[str] = field(default_factory=list)
    file: str | None = None
    fields: list[str] = field(default_factory=list)

    @property
    def body(self) -> bytes | None:
        if self.json is not None:
            return self.json.encode()
        if self.text is not None:
            return self.text.encode()
        if self.data is not None:
            return self.data.encode()
        if self.lines:
            return "".join(line + "\n" for line in self.lines).encode()
        return None

    @property
    def headers(self) -> dict[str, str]:
        headers = {}
        if self.body is not None:
            headers["content-type"] = self.content_type or FORM
        if self.request_id:
            headers["x-request-id"] = self.request_id
        return headers


def load_examples(path: Path = EXAMPLES) -> list[Example]:
    with path.open("rb") as handle:
        return [Example(**raw) for raw in tomllib.load(handle)["example"]]


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def _jq_fields(fields: list[str]) -> str:
    return "{" + ", ".join(f.replace("=", ": ") for f in fields) + "}"


def _jq_filter(example: Example) -> str | None:
    if example.show == "jq":
        return f"jq {_quote(_jq_fields(example.fields))}"
    if example.show == "jq-lines":
        return f"jq -c {_quote(_jq_fields(example.fields))}"
    if example.show == "jq-results":
        return f"jq -c {_quote('.results[] | ' + _jq_fields(example.fields))}"
    if example.show == "pretty":
        return "python3 -m json.tool"
    return None


def command(example: Example) -> str:
    """The shell command for ``example``: curl, its input piped in or inline, its printer."""
    url = f"{BASE}{example.path}"
    url_arg = _quote(url) if "?" in url or "&" in url else url
    curl = ["curl -s" + (" -N" if example.file else "")]
    if example.method != "GET":
        curl[0] += f" -X {example.method}"
    curl[0] += f" {url_arg}"
    if example.content_type:
        curl.append(f"-H {_quote('Content-Type: ' + example.content_type)}")
    if example.request_id:
        curl.append(f"-H {_quote('X-Request-ID: ' + example.request_id)}")
    stages = []
    if example.text is not None:
        escaped = example.text.replace("\\", "\\\\").replace("%", "%%").replace("\n", "\\n")
        stages.append(f"printf {_quote(escaped)}")
        curl.append("--data-binary @-")
    elif example.file:
        curl.append(f"-T - < {example.file}")
    elif example.lines:
        stages.append("printf '%s\\n' \\\n  " + " \\\n  ".join(_quote(x) for x in example.lines))
        curl.append("--data-binary @-")
    elif example.json is not None:
        curl.append(f"-d {_quote(example.json)}")
    elif example.data is not None:
        curl.append(f"--data-binary {_quote(example.data)}")
    indent = "\n      " if stages else "\n  "  # arguments of a piped curl sit under it
    stages.append((" \\" + indent).join(curl))
    printer = _jq_filter(example)
    if printer:
        stages.append(printer)
    return " \\\n  | ".join(stages)


def _path(value: Any, path: str) -> Any:
    for key in path.strip(".").split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _pick(answer: Any, fields: list[str]) -> dict[str, Any]:
    picked = {}
    for spec in fields:
        name, _, path = spec.partition("=")
        picked[name] = _path(answer, path or name)
    return picked


def output(example: Example, status: int, body: bytes) -> str:
    """What the command prints for the app's answer ``body``."""
    del status  # problem bodies carry their status; the commands do not print it
    if example.show == "raw":
        return body.decode()
    if example.show == "pretty":
        return json.dumps(json.loads(body), indent=4)
    if example.show == "jq":
        return json.dumps(_pick(json.loads(body), example.fields), indent=2, ensure_ascii=False)
    if example.show == "jq-lines":
        answers = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
    elif example.show == "jq-results":
        answers = json.loads(body)["results"]
    else:
        raise ValueError(f"unknown show {example.show!r} in example {example.name}")
    compact = (",", ":")
    return "\n".join(
        json.dumps(_pick(a, example.fields), separators=compact, ensure_ascii=False)
        for a in answers
    )


def block(example: Example, client: TestClient[Any]) -> str:
    """The README text for ``example``: its command and the app's answer, as Markdown."""
    response = client.request(
        example.method, example.path, content=example.body, headers=example.headers
    )
    printed = output(example, response.status_code, response.content)
    fence = "json" if example.show in ("pretty", "jq") else ""
    return f"```sh\n{command(example)}\n```\n\n```{fence}\n{printed}\n```\n"


def readme_blocks(text: str) -> Iterator[tuple[str, str]]:
    """``(name, block)`` for each example block in the README's ``text``."""
    for match in _BLOCK.finditer(text):
        yield match.group(2), match.group(3)


def rewrite(text: str, blocks: dict[str, str]) -> str:
    """``text`` with each example block replaced by its regenerated one."""

    def replace(match: re.Match[str]) -> str:
        return match.group(1) + blocks.get(match.group(2), match.group(3)) + match.group(4)

    return _BLOCK.sub(replace, text)


def generate(client: TestClient[Any]) -> dict[str, str]:
    return {example.name: block(example, client) for example in load_examples()}


def main() -> int:
    from article_normalizer.api.app import create_app
    from article_normalizer.serving.settings import Settings

    with TestClient(create_app(Settings(), warm=False), raise_server_exceptions=False) as client:
        blocks = generate(client)
    text = README.read_text(encoding="utf-8")
    missing = set(blocks) - {name for name, _ in readme_blocks(text)}
    if missing:
        print(f"README.md has no block for: {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    README.write_text(rewrite(text, blocks), encoding="utf-8")
    print(f"rewrote {len(blocks)} example blocks in {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
