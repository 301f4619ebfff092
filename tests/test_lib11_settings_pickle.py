"""A Settings made before scrapekit is imported again (importlib.reload, a notebook's autoreload)
still pickles: it is sent to every worker process, so a run with it worked only until the
re-import. Run in a fresh interpreter (the re-import must not touch this test session)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

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
