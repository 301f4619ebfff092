"""Tiny builders for test pages (shared by the extraction tests)."""

BODY = "<p>" + "This is a sentence of real article text that goes on for a while. " * 6 + "</p>"


def page(head="", body="", lang="en"):
    return f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"
