"""``0`` means one thing for every timeout: "no limit" where a limit can be lifted
(extract_timeout, as ``extract(timeout=0)``; retry_budget), refused where it cannot (a fetch
with no time at all would fail every URL)."""

import pytest

import scrapekit
from scrapekit import Settings

from conftest import SEED_HTML


@pytest.mark.parametrize("name", ["timeout", "connect_timeout", "read_timeout"])
def test_a_zero_fetch_timeout_is_refused_in_settings(name):
    with pytest.raises(ValueError, match=f"{name} must be > 0"):
        Settings(**{name: 0})


def test_zero_extract_timeout_means_no_limit_as_in_extract(tmp_path):
    assert scrapekit.extract(SEED_HTML, url="https://a.example/x", timeout=0).ok
    page = tmp_path / "p.html"
    page.write_bytes(SEED_HTML)
    records = list(scrapekit.extract_files([str(page)], Settings(extract_timeout=0, workers=1)))
    assert records[0].ok, records[0].error  # not "took longer than 0s"


def test_the_cli_takes_extract_timeout_zero(tmp_path):
    from scrapekit.cli import build_parser, settings_from_args

    args = build_parser().parse_args(["extract", str(tmp_path), "--extract-timeout", "0"])
    assert settings_from_args(args).extract_timeout == 0
