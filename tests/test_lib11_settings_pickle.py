"""A Settings made before scrapekit is imported again (importlib.reload, a notebook's autoreload)
still pickles: it is sent to every worker process, so a run with it worked only until the
re-import. Run in a fresh interpreter (the re-import must not touch this test session)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
import textwrap

import pytest

from scrapekit import Settings

SCRIPT = textwrap.dedent("""
    import importlib, pickle, sys
    import scrapekit
    from scrapekit import Settings

    old = Settings(delay=0.25, workers=1, headers={"Accept-Language": "de"})
    for name in [m for m in sys.modules if m == "scrapekit" or m.startswith("scrapekit.")]:
        del sys.modules[name]
    import scrapekit as again

    back = pickle.loads(pickle.dumps(old))
    assert type(back) is again.Settings and back is not old, type(back)
    assert (back.delay, back.workers, back.headers) == (0.25, 1, (("Accept-Language", "de"),))

    importlib.reload(sys.modules["scrapekit.settings"])
    assert pickle.loads(pickle.dumps(back)).delay == 0.25

    # a run with the old object: its settings go to a worker process, pickled
    html = "<html><head><title>T</title></head><body><article><h1>T</h1><p>"
    open(sys.argv[1], "w").write(html + "word " * 200 + "</p></article></body></html>")
    (record,) = list(again.extract_files([sys.argv[1]], old))
    assert record.error is None and record.headline == "T", record.error
    print("ok")
""")


def test_a_settings_made_before_a_reimport_still_pickles(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "page.html")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


class Custom(Settings):
    pass


def test_pickling_keeps_the_class_and_checks_the_values():
    s = Custom(delay=0.5, cookies=(("sid", "x"),))
    back = pickle.loads(pickle.dumps(s))
    assert type(back) is Custom and back == s
    assert pickle.loads(pickle.dumps(Settings())) == Settings()


@dataclasses.dataclass(frozen=True)
class WithDerived(Settings):
    """A subclass with a field the constructor does not take (set in __post_init__)."""

    label: str = "run"
    derived: str = dataclasses.field(init=False, default="")

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "derived", f"{self.label}-{self.workers}")


class WithExtra(Settings):
    """A subclass that stores an attribute of its own, outside the dataclass fields."""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "note", "set in post_init")


ROUND_TRIPS = [
    ("pickle", lambda s: pickle.loads(pickle.dumps(s))),
    ("copy", copy.copy),
    ("deepcopy", copy.deepcopy),
]


@pytest.mark.parametrize("how, round_trip", ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_a_subclass_with_an_init_false_field_pickles_and_copies(how, round_trip):
    s = WithDerived(label="x", workers=3, delay=0.5)
    back = round_trip(s)
    assert type(back) is WithDerived and back == s
    assert (back.label, back.derived, back.workers, back.delay) == ("x", "x-3", 3, 0.5)


@pytest.mark.parametrize("how, round_trip", ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_a_subclass_keeps_the_attributes_it_stores_itself(how, round_trip):
    s = WithExtra(delay=0.25)
    object.__setattr__(s, "later", [1, 2])  # set after construction: not made again by init
    back = round_trip(s)
    assert type(back) is WithExtra and back == s
    assert (back.note, back.later, back.delay) == ("set in post_init", [1, 2], 0.25)
    if how == "deepcopy":
        assert back.later is not s.later


def test_a_plain_settings_pickles_without_state():
    reduced = Settings(delay=0.5).__reduce__()
    assert len(reduced) == 3 and reduced[2] is None
    assert pickle.loads(pickle.dumps(Settings(delay=0.5))).delay == 0.5
