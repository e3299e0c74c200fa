"""What issue 14 asked of lint, on small team-written documents: spelling that learns a
document's own names and terms, acronyms spelt out anywhere, excerpts exact, rules for jdtool
documents only where they belong, placeholders that block ``build --strict``, and less noise
(passive voice, readability, the gender-coded verdict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdtool.core.documents import parse_document
from jdtool.core.packs import load_packs
from jdtool.lint import spelling
from jdtool.lint.config import load_config
from jdtool.lint.engine import PublishingRefused, lint_document, lint_documents, publishing_gate
from jdtool.lint.rules import Finding

HEAD = "---\nkind: description\ntitle: Test Post\nstatus: draft\n---\n\n"


def lint(body: str, head: str = HEAD, **options: object) -> list[Finding]:
    document = parse_document(head + body, Path("post.md"))
    options.setdefault("disable", ["structure"])
    config = load_config(None, today="2026-11-25", **options)
    return lint_document(document, None, config.for_path(Path("post.md")))


def rules(body: str, **options: object) -> list[str]:
    return [finding.rule for finding in lint(body, **options)]


needs_dictionary = pytest.mark.skipif(spelling.dictionary() is None,
                                      reason="the SCOWL word lists are not installed "
                                             "(make system-deps)")


@needs_dictionary
def test_spelling_finds_typos_and_learns_names_terms_and_vocabulary() -> None:
    body = ("## Job purpose\n\nThe officer recieves post for Kirkdale and Ashby. The "
            "deaccession policy, the deaccession register and each deaccession are "
            "reviewed. Ask the cartulary team.\n")
    typos = [f for f in lint(body) if f.rule == "JD409"]
    assert [f.excerpt for f in typos] == ["recieves", "cartulary"] or \
        [f.excerpt for f in typos] == ["recieves"]
    assert typos[0].suggestion == "receives"
    # A word the configuration vouches for is never reported.
    assert "JD409" not in rules("## Job purpose\n\nWe use the Flurbo system and "
                                "flurbonise records.\n", vocabulary=["flurbonise"])


@needs_dictionary
def test_a_us_spelling_is_a_consistency_finding_only_in_a_british_document() -> None:
    british = ("## Job purpose\n\nThe organisation runs a programme of training, and every "
               "colour of behaviour is welcome. Help the center grow.\n")
    assert [f.excerpt for f in lint(british) if f.rule == "JD410"] == ["center"]
    american = ("## Job purpose\n\nThe organization runs a program at the center, and every "
                "color of behavior is welcome.\n")
    assert not {"JD409", "JD410"} & set(rules(american))


@needs_dictionary
def test_acronyms_spelt_out_anywhere_and_names_in_capitals_are_accepted() -> None:
    body = ("## Job purpose\n\nThe NEC meets monthly. UNISON members attend. Later the "
            "National Executive Committee sets the budget. The GTWC advises.\n")
    acronyms = [f.excerpt for f in lint(body, disable=[]) if f.rule == "JD109"]
    assert acronyms == ["GTWC"]


def test_excerpts_are_the_source_text_exactly() -> None:
    body = "## Job purpose\n\nThe salary is **£XX,XXX** and the closing date is [month].\n"
    found = {f.rule: f for f in lint(body)}
    source = HEAD + body
    for finding in found.values():
        line = source.split("\n")[finding.line - 1]
        assert line[finding.column - 1:].startswith(finding.excerpt)
    placeholders = [f.excerpt for f in lint(body) if f.rule == "JD411"]
    assert placeholders == ["£XX,XXX", "[month]"]


def test_front_matter_rules_apply_only_to_jdtool_documents(tmp_path: Path) -> None:
    post = tmp_path / "posts" / "clerk.md"
    post.parent.mkdir()
    post.write_text("---\nkind: description\nstatus: published\n---\n\nA clerk.\n",
                    encoding="utf-8")
    config = load_config(None, today="2026-11-25")
    packs, _ = load_packs([post.parent])
    jdtool_rules = {f.rule for f in lint_documents(packs, config).findings}
    assert {"JD101", "JD102"} <= jdtool_rules
    for document in packs[0].all_documents():
        document.origin = "docx"  # as if read from a Word file: not jdtool Markdown
    other_rules = {f.rule for f in lint_documents(packs, config).findings}
    assert not {"JD101", "JD102", "JD103"} & other_rules


def test_a_placeholder_blocks_build_strict(posts_copy: Path) -> None:
    brief = posts_copy / "director-of-operations" / "brief.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nWe will confirm by [month].\n",
                     encoding="utf-8")
    config = load_config(None, today="2026-11-25")
    with pytest.raises(PublishingRefused) as refused:
        publishing_gate([posts_copy], config, drafts=False, strict=True)
    assert [f.rule for f in refused.value.findings] == ["JD411"]
    assert refused.value.findings[0].excerpt == "[month]"


def test_author_instructions_and_scaffold_text_are_errors() -> None:
    body = ("## Key tasks\n\n- Lead on the first area of work.\n- Drive the van (if the post "
            "is rural, otherwise delete).\n- Full-time / part-time (delete as appropriate).\n")
    found = [(f.rule, f.excerpt) for f in lint(body) if f.rule in ("JD411", "JD412")]
    assert found == [("JD411", "Lead on the first area of work."),
                     ("JD412", "(if the post is rural, otherwise delete)"),
                     ("JD412", "delete as appropriate")]


def test_passive_voice_is_off_and_when_on_judges_duty_bullets_only() -> None:
    body = ("## Job purpose\n\nThe post is based in Leeds.\n\n## Key tasks\n\n"
            "- Reports are checked each month.\n")
    assert "JD304" not in rules(body)
    passive = [f for f in lint(body, enable=["JD304"]) if f.rule == "JD304"]
    assert [f.excerpt for f in passive] == ["are checked"]


def test_readability_is_judged_once_per_document() -> None:
    hard = ("Notwithstanding considerable organisational and technological developments, "
            "institutional understanding of financially excluded communities remains "
            "comparatively underdeveloped notwithstanding sustained investment.\n\n")
    body = "".join(f"## Section {n}\n\n{hard}" for n in range(4))
    assert rules(body).count("JD301") == 1


def test_a_senior_post_that_leads_is_not_called_masculine_for_it() -> None:
    body = ("## Job purpose\n\nThe director leads the leadership team, leads on strategy, "
            "leads negotiations and is a leader in the sector, leading by example.\n")
    assert "JD203" not in rules(body, **{"gender-lists": "gaucher"})
