"""The serving settings: safe defaults and refusals at start."""

from __future__ import annotations

import pytest

from article_normalizer.serving.settings import Settings


def test_the_default_bind_is_loopback_and_trusts_no_forwarded_headers() -> None:
    settings = Settings.from_env({})
    assert settings.bind_address == "127.0.0.1:8000"
    assert settings.forwarded_allow_list == []


def test_host_and_forwarded_peers_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {"HOST": "0.0.0.0", "PORT": "9000", "FORWARDED_ALLOW_IPS": "10.0.0.0/8, 127.0.0.1"}
    )
    assert settings.bind_address == "0.0.0.0:9000"
    assert settings.forwarded_allow_list == ["10.0.0.0/8", "127.0.0.1"]


def test_an_ipv6_host_is_bracketed() -> None:
    assert Settings(host="::", port=8000).bind_address == "[::]:8000"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FORWARDED_ALLOW_IPS", "proxy.local"),
        ("MAX_HEADER_BYTES", "0"),
        ("HEADER_READ_TIMEOUT_S", "-1"),
        ("BODY_READ_TIMEOUT_S", "0"),
        ("PORT", "70000"),
        ("DOCUMENT_TIME_BUDGET_S", "nan"),
        ("LOG_LEVEL", "loud"),
        ("WORKERS", "-1"),
        ("QUEUE_LENGTH", "many"),
        ("MALLOC_MMAP_THRESHOLD_BYTES", "-1"),
        ("MALLOC_MMAP_THRESHOLD_BYTES", "40000000"),
    ],
)
def test_bad_serving_values_stop_the_start_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        Settings.from_env({name: value})


def test_a_refusal_names_the_variable_and_its_value() -> None:
    with pytest.raises(ValueError) as refused:
        Settings.from_env({"PORT": "0"})
    assert str(refused.value) == "PORT='0': expected `int` >= 1"


def test_words_are_case_insensitive() -> None:
    settings = Settings.from_env({"LOG_FORMAT": "Console", "LOG_LEVEL": "WARNING"})
    assert (settings.log_format, settings.log_level) == ("console", "warning")
