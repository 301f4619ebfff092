"""The trafilatura adapter: the one module reaching its internals, version-checked."""

import trafilatura

from pagekit import BODY, page
from scrapekit.adapters import trafilatura as adapter
from scrapekit.extractors.document import parse

URL = "https://example.com/news/a-story"
HTML = page("", f"<article><h1>Title</h1>{BODY}{BODY}</article>")


def _text(tree) -> str:
    return " ".join(tree.itertext())


def test_installed_version_is_a_supported_one():
    assert adapter.version()[:2] in adapter.SUPPORTED
    assert adapter.internals_supported()


def test_unsupported_version_falls_back_to_the_public_entry_point(monkeypatch):
    expected = _text(adapter.main_content(parse(HTML, URL)))
    called = []
    real = trafilatura.bare_extraction

    def spy(*args, **kwargs):
        called.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(adapter, "_STATE", {})
    monkeypatch.setattr(adapter, "version", lambda: (9, 0, 0))
    monkeypatch.setattr(trafilatura, "bare_extraction", spy)
    assert not adapter.internals_supported()
    tree = adapter.main_content(parse(HTML, URL))
    assert called and _text(tree) == expected


def test_unit_text_and_default_extraction():
    tree = adapter.main_content(parse(HTML, URL))
    units = list(tree)
    assert adapter.unit_text(units[0]) == "Title"
    assert "real article text" in adapter.unit_text(units[1])
    assert "real article text" in adapter.default_extraction(parse(HTML, URL))
