"""Adapters: the one place each third-party library's internals are reached (version-checked)."""
