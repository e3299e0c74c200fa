"""ISO 8601 and YAML timestamps wherever front matter holds a date and time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jdtool.cli.app import app
from jdtool.core.schema import from_mapping
from tests.conftest import write

NOON = dt.datetime(2018, 4, 26, 12, 0)


@pytest.mark.parametrize("written", [
    "2018-04-26 12:00", "2018-04-26T12:00", "2018-04-26T12:00:00", "2018-04-26t12:00:00",
    "2018-04-26T12:00:00Z", "2018-04-26T12:00:00+01:00", "2018-04-26T12:00:00-0500",
    "2018-04-26 12:00:00 +01:00", "2018-04-26T12:00:00.250Z", "2018-04-26 12:00:00"])
def test_closing_and_interview_accept_iso_8601(written: str) -> None:
    meta = from_mapping({"kind": "brief", "closing": written, "interview": written})
    assert meta.closing == NOON and meta.interview == NOON  # the time as written


def test_seconds_are_kept() -> None:
    meta = from_mapping({"kind": "brief", "closing": "2018-04-26T12:00:30"})
    assert meta.closing == dt.datetime(2018, 4, 26, 12, 0, 30)


@pytest.mark.parametrize(("written", "message"), [
    ("2018-04-26T25:00", "'25:00' is not a time of day"),
    ("2018-04-26T12:61:00", "is not a time of day"),
    ("2018-04-26T12:00:00+19:00", "'+19:00' is not a UTC offset"),
    ("2018-02-30T12:00:00", "is not a real date"),
    ("26/04/2018 12:00", "use YYYY-MM-DD HH:MM (or ISO 8601, 2018-04-26T12:00:00)")])
def test_wrong_datetimes_say_why(written: str, message: str) -> None:
    with pytest.raises(ValueError, match="closing") as raised:
        from_mapping({"kind": "brief", "closing": written})
    assert message in str(raised.value)


def test_check_accepts_a_yaml_timestamp(tmp_path: Path) -> None:
    post = write(tmp_path / "caretaker.md",
                 "---\nkind: description\ntitle: Caretaker\nclosing: 2018-04-26T12:00:00+01:00\n"
                 "interview: 2018-05-03 09:30:00\n---\n\n## Duties\n\n- Sweep the hall.\n")
    result = CliRunner().invoke(app, ["check", str(post)])
    assert result.exit_code == 0, result.stdout + result.stderr
