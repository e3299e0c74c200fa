"""The example posts load and check clean; replaced by fuller tests per stage."""

from pathlib import Path

from jdtool.check import check

POSTS = Path(__file__).resolve().parent.parent / "posts"


def test_example_posts_check_clean() -> None:
    result = check([POSTS])
    assert result.errors == 0, [str(p) for p in result.problems]
    assert result.documents == 7
