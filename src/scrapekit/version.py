"""The package version, in a module of its own (imported by the package, the CLI and the WARC
writer, with no import of anything else)."""

__version__ = "0.1.0"
