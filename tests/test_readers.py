"""``jdtool.readers``: ``diff`` and ``lint`` read any file a user holds, in memory.

The fixtures in ``tests/fixtures/readers/`` are one fictional post (Harbourside Tenants'
Federation's Community Organiser) as plain Markdown, Jekyll and Hugo pages, text and a web
page; the Word file and the PDF are made here, from that text, with python-docx and
WeasyPrint.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from typer.testing import CliRunner

import jdtool
from jdtool.cli.app import app
from jdtool.core.foreign import FOREIGN_ORIGIN, PLAIN_ORIGIN
from jdtool.core.problems import ProblemsFound
from jdtool.diff_formats import FORMATS
from jdtool.readers import FOLDER_READER, READERS, reader_for
from tests.conftest import FIXTURES, POSTS, write
from tests.history_repo import ALICE, BOB, commit_file, init_repo, run_jdtool

READERS_DIR = FIXTURES / "readers"
PLAIN_2023, PLAIN_2024 = READERS_DIR / "organiser-2023.md", READERS_DIR / "organiser-2024.md"
TEXT_2023, HTML_2024 = READERS_DIR / "organiser-2023.txt", READERS_DIR / "organiser-2024.html"
JEKYLL_2023, JEKYLL_2024 = READERS_DIR / "jekyll-2023.md", READERS_DIR / "jekyll-2024.md"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result.exit_code, result.stdout, result.stderr


def diff_json(old: Path, new: Path) -> dict[str, object]:
    code, out, err = run(old, new, "-f", "json")
    assert code in (0, 1), err
    data: dict[str, object] = json.loads(out)
    return data


def _organiser_2024_lines() -> list[tuple[str, str]]:
    """The 2024 text as (style, text) pairs, for the Word file and the PDF."""
    return [("Title", "Community Organiser"),
            ("Normal", "Harbourside Tenants' Federation is looking for a Community Organiser "
                       "to help tenants on the Quayside and Dockside estates act together on "
                       "repairs, rents and safety."),
            ("Heading 2", "Main duties"),
            ("List Bullet", "Knock on doors across the estates and listen to what tenants "
                            "want changed."),
            ("List Bullet", "Help tenants set up and run residents' associations."),
            ("List Bullet", "Keep the membership list up to date."),
            ("List Bullet", "Organise the monthly repairs surgery with the housing "
                            "association."),
            ("List Bullet", "Train tenant reps to lead their own campaigns."),
            ("Heading 2", "About you"),
            ("List Bullet", "You have organised people around a shared problem."),
            ("List Bullet", "You can explain housing law to tenants in plain words.")]


@pytest.fixture(scope="module")
def word_2024(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = docx.Document()
    for style, text in _organiser_2024_lines():
        document.add_paragraph(text, style=style)
    path = tmp_path_factory.mktemp("word") / "organiser-2024.docx"
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def pdf_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from weasyprint import HTML

    # The 2023 text, from the plain-text fixture, typeset as a PDF.
    blocks = TEXT_2023.read_text(encoding="utf-8").split("\n\n")
    html = [f"<h1>{blocks[0]}</h1>", f"<p>{blocks[1]}</p>"]
    for block in blocks[2:]:
        lines = block.strip().split("\n")
        if lines[0].startswith("- "):
            html.append("<ul>" + "".join(f"<li>{line[2:]}</li>" for line in lines) + "</ul>")
        else:
            html.append(f"<h2>{lines[0]}</h2>")
    path = tmp_path_factory.mktemp("pdf") / "organiser-2023.pdf"
    HTML(string="<html><body>" + "".join(html) + "</body></html>").write_pdf(path)
    return path


# -- the registry -------------------------------------------------------------------------


def test_readers_are_looked_up_by_file_type(tmp_path: Path) -> None:
    names = {suffix: reader.name for reader in READERS for suffix in reader.file_extensions}
    for suffix in (".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm"):
        assert suffix in names, suffix
    assert reader_for(Path("old.PDF")).name == "import"
    assert reader_for(Path("notes.md")).name == "markdown"
    assert reader_for(tmp_path) is FOLDER_READER
    assert reader_for(Path("no-suffix")).name == "import"  # the importer sniffs its bytes


def test_each_input_kind_is_read_as_documents_in_memory(word_2024: Path, pdf_2023: Path,
                                                        tmp_path: Path) -> None:
    before = set(tmp_path.iterdir())
    origins = {path.name: jdtool.read(path).origin
               for path in (PLAIN_2023, JEKYLL_2023, TEXT_2023, HTML_2024, word_2024,
                            pdf_2023, POSTS / "general-secretary.md",
                            POSTS / "director-of-operations")}
    assert origins == {"organiser-2023.md": PLAIN_ORIGIN, "jekyll-2023.md": FOREIGN_ORIGIN,
                       "organiser-2023.txt": "text", "organiser-2024.html": "html",
                       "organiser-2024.docx": "docx", "organiser-2023.pdf": "pdf",
                       "general-secretary.md": "jdtool", "director-of-operations": "pack"}
    assert set(tmp_path.iterdir()) == before  # nothing written anywhere
    plain = jdtool.read(PLAIN_2023).documents[0]
    assert not plain.is_jdtool and plain.meta is not None and str(plain.kind) == "description"
    assert jdtool.read(POSTS / "general-secretary.md").documents[0].is_jdtool


# -- Markdown that is not jdtool's ----------------------------------------------------------


def test_plain_markdown_compares_with_a_note_not_an_error() -> None:
    code, out, err = run(PLAIN_2023, PLAIN_2024, "-f", "unified")
    assert code == 1
    assert "plain Markdown (no front matter): read as a description" in err
    assert "JD002" not in err and "{+and Dockside+}" in out
    assert "+Train tenant reps to lead their own campaigns." in out


def test_foreign_front_matter_compares_field_by_field() -> None:
    data = diff_json(JEKYLL_2023, JEKYLL_2024)
    assert data["meta_changes"] == [{"name": "date", "old": "2023-05-02 09:00:00 +0100",
                                     "new": "2024-01-15 09:00:00 +0000", "kind": "changed"}]
    code, out, err = run(JEKYLL_2023, JEKYLL_2024, "-f", "unified")
    assert code == 1
    assert "kept as written: layout, permalink, date, categories" in err
    assert "{" not in out.split("@@ front matter: date @@")[1]  # no repr of a mapping


def test_hugo_front_matter_in_yaml_and_toml_maps_known_keys() -> None:
    hugo = jdtool.read(READERS_DIR / "hugo.md").documents[0]
    assert hugo.meta is not None
    assert hugo.meta.organisation == "Harbourside Tenants' Federation"  # organization
    assert hugo.meta.extra["draft"] == "true" and hugo.meta.extra["params"] == {
        "team": "Organising"}
    toml = jdtool.read(READERS_DIR / "hugo-toml.md").documents[0]
    assert toml.meta is not None and toml.meta.title == "Community Organiser"
    assert toml.meta.extra["weight"] == "20" and toml.meta.extra["draft"] == "false"
    names = {change.name for change in jdtool.compare(READERS_DIR / "hugo.md",
                                                      READERS_DIR / "hugo-toml.md").meta_changes}
    assert {"draft", "organisation", "description", "aliases"} <= names
    assert "params.team" not in names and "extra" not in names


def test_check_stays_strict_about_foreign_front_matter() -> None:
    result = runner.invoke(app, ["check", str(JEKYLL_2023)])
    assert result.exit_code == 1
    assert "JD005 unknown field 'permalink'" in result.stderr + result.stdout
    assert "JD007 missing field 'kind'" in result.stderr + result.stdout


def test_a_jdtool_document_with_extra_fields_compares_each_key(tmp_path: Path) -> None:
    head = "---\nkind: description\ntitle: Caretaker\nextra:\n  date: {}\n  team: estates\n---\n"
    old = write(tmp_path / "old.md", head.format("2023-01-01") + "\n## Duties\n\n- Sweep.\n")
    new = write(tmp_path / "new.md", head.format("2024-01-01") + "\n## Duties\n\n- Sweep.\n")
    changes = jdtool.compare(old, new).meta_changes
    assert [(c.name, c.old, c.new) for c in changes] == [("date", "2023-01-01", "2024-01-01")]


# -- imported inputs and mixed pairs ---------------------------------------------------------


def test_text_and_web_page_compare_through_the_importer() -> None:
    data = diff_json(TEXT_2023, HTML_2024)
    assert data["old"] == {"label": str(TEXT_2023), "source": "text"}
    assert data["new"] == {"label": str(HTML_2024), "source": "html"}
    inserted = " ".join(text for change in data["changes"]  # type: ignore[attr-defined]
                        for op, text in change["words"] if op == "insert")
    assert "and Dockside" in inserted and "Train tenant reps" in inserted


def test_same_text_as_txt_and_markdown_is_the_same_document() -> None:
    code, out, _ = run(TEXT_2023, PLAIN_2023, "-f", "unified")
    assert code == 0, out


def test_pdf_against_word_file(pdf_2023: Path, word_2024: Path) -> None:
    code, out, err = run(pdf_2023, word_2024, "-f", "unified")
    assert code == 1, err
    assert "pdf read through the importer" in err and "docx read through the importer" in err
    assert "{+and Dockside+}" in out and "+Train tenant reps to lead their own campaigns." in out
    same_words = jdtool.compare(pdf_2023, TEXT_2023)
    assert same_words.stats.words_added == same_words.stats.words_removed == 0


def test_unsupported_and_empty_inputs_are_one_clear_line(tmp_path: Path) -> None:
    legacy = write(tmp_path / "old.doc", "not really a Word 97 file")
    code, out, err = run(legacy, PLAIN_2023)
    assert code == 2 and out == "" and "JD017" in err and "Traceback" not in err


# -- every problem of an unreadable side ----------------------------------------------------


def test_every_problem_of_both_sides_is_listed_then_exit_2(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.md", "---\nkind: description\ntitel: A\nclosing: 2026-02-30\n"
                                     "salery: 1\n---\n\nText.\n")
    worse = write(tmp_path / "worse.md", "---\nkind: [description\n---\n\nText.\n")
    code, out, err = run(bad, worse)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert any("bad.md:3:1: error JD005 unknown field 'titel'" in line for line in lines)
    assert any("bad.md:4:1: error JD006 closing" in line for line in lines)
    assert any("bad.md:5:1: error JD005 unknown field 'salery'" in line for line in lines)
    assert any("worse.md:3:1: error JD004" in line for line in lines)
    assert lines[-1] == "jdtool: cannot compare: 4 problems"
    with pytest.raises(ProblemsFound) as raised:
        jdtool.read_pair(bad, worse)
    assert len(raised.value.problems) == 4


def test_a_broken_pack_file_lists_its_problems_with_the_documents(tmp_path: Path) -> None:
    pack = tmp_path / "caretaker"
    write(pack / "pack.md", "---\nkind: pack\ntitel: Caretaker\nstatus: wobbly\n---\n")
    write(pack / "description.md", "---\nkind: description\n---\n\n## Duties\n\n- Sweep.\n")
    code, _, err = run(pack / "description.md", PLAIN_2023)
    assert code == 2
    assert "pack.md:3:1: error JD005" in err and "pack.md:4:1: error JD006 status" in err


# -- packs ----------------------------------------------------------------------------------


def _changed_pack(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old-pack", tmp_path / "new-pack"
    shutil.copytree(POSTS / "director-of-operations", old)
    shutil.copytree(old, new)
    spec = (new / "person-spec.md").read_text(encoding="utf-8")
    (new / "person-spec.md").write_text(spec.replace("| Essential |", "| Desirable |", 1),
                                        encoding="utf-8")
    description = (new / "description.md").read_text(encoding="utf-8")
    (new / "description.md").write_text(
        description.replace("kind: description\n", "kind: description\nrevised: 2027-01\n", 1)
        + "\n- Chair the safety committee.\n", encoding="utf-8")
    (new / "apply.md").unlink()
    return old, new


def test_pack_folders_give_one_report_matched_by_kind(tmp_path: Path) -> None:
    old, new = _changed_pack(tmp_path)
    data = diff_json(old, new)
    assert data["old"] == {"label": str(old), "source": "pack"}  # type: ignore[comparison-overlap]
    removed = [s for s in data["sections"] if s["kind"] == "removed"]  # type: ignore[attr-defined]
    assert {s["old_path"].split(" > ")[0] for s in removed} == {"How to apply"}
    kept = {s["new_path"].split(" > ")[0] for s in data["sections"]  # type: ignore[attr-defined]
            if s["kind"] == "unchanged"}
    assert {"Introduction", "Job brief", "Job description", "Person specification"} <= kept
    fields = [(c["name"], c["old"], c["new"]) for c in data["meta_changes"]]  # type: ignore
    assert ("description.revised", None, "2027-01") in fields
    criteria = [c for c in data["changes"] if c["field_changes"]]  # type: ignore[attr-defined]
    assert any(f["name"] == "importance" for c in criteria for f in c["field_changes"])


@pytest.mark.parametrize("output_format", sorted(FORMATS))
def test_pack_diff_in_every_format(tmp_path: Path, output_format: str) -> None:
    old, new = _changed_pack(tmp_path)
    target = tmp_path / f"changes.{output_format}"
    code, _, err = run(old, new, "-f", output_format, "-o", target)
    assert code == 1, err
    data = target.read_bytes()
    if output_format == "docx":  # inserted words stand in <w:ins>: read every text run
        body = docx.Document(str(target)).element.body
        text = "".join(node.text or "" for node in body.iter(qn("w:t")))
    elif output_format == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(target).pages)
        text = " ".join(text.split())
    else:
        text = data.decode("utf-8")
    assert "Chair the safety committee" in text


def test_a_pack_shaped_import_against_a_single_document(tmp_path: Path) -> None:
    pack = tmp_path / "organiser"
    write(pack / "description.md", "---\nkind: description\ntitle: Community Organiser\n---\n\n"
          + PLAIN_2023.read_text(encoding="utf-8").split("\n", 2)[2])
    write(pack / "person-spec.md", "---\nkind: person-spec\n---\n\n## Experience\n\n"
          "| Criterion | Essential/Desirable | Assessed by |\n| --- | --- | --- |\n"
          "| Organising tenants | Essential | Interview |\n")
    diff = jdtool.compare(PLAIN_2023, pack)
    paths = {section.path for section in diff.sections if section.kind == "added"}
    assert "Person specification" in paths and "Person specification > Experience" in paths
    assert not [c for c in diff.changes if c.kind == "removed"]  # the description matched


def test_pack_folder_at_revisions(tmp_path: Path) -> None:
    repo = init_repo(tmp_path)
    source = POSTS / "director-of-operations"
    for name in ("pack.md", "description.md", "person-spec.md"):
        commit_file(repo, f"posts/dir/{name}", (source / name).read_text(encoding="utf-8"),
                    f"add {name}", ALICE, "2016-01-05")
    repo.create_tag("v2016")
    text = (source / "description.md").read_text(encoding="utf-8")
    commit_file(repo, "posts/dir/description.md", text + "\n- Chair the safety committee.\n",
                "new duty", BOB, "2018-02-01")
    commit_file(repo, "posts/dir/apply.md", (source / "apply.md").read_text(encoding="utf-8"),
                "how to apply", BOB, "2018-02-02")
    result = run_jdtool("diff", "posts/dir", "--from", "v2016", "-f", "json", cwd=tmp_path)
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["label"].startswith("dir/ at v2016")
    added = {c["new"]["text"] for c in data["changes"] if c["kind"] == "added"}
    assert "Chair the safety committee." in added
    assert any(s["kind"] == "added" and s["new_path"] == "How to apply"
               for s in data["sections"])
    same = run_jdtool("diff", "posts/dir", "--from", "HEAD", "-f", "unified", cwd=tmp_path)
    assert same.exit_code == 0, same.stdout + same.stderr


def test_plain_markdown_in_git_compares_across_revisions(tmp_path: Path) -> None:
    repo = init_repo(tmp_path)
    commit_file(repo, "roles/organiser.md", PLAIN_2023.read_text(encoding="utf-8"), "first",
                ALICE, "2023-01-01")
    commit_file(repo, "roles/organiser.md", PLAIN_2024.read_text(encoding="utf-8"), "second",
                BOB, "2024-01-01")
    for arguments in (("HEAD~1..HEAD",), ("--from", "HEAD~1", "--to", "HEAD"),
                      ("--as-of", "2023-06-01"), ("--from", "HEAD~1")):
        result = run_jdtool("diff", "roles/organiser.md", *arguments, "-f", "unified",
                            cwd=tmp_path)
        assert result.exit_code == 1, (arguments, result.stderr)
        assert "{+and Dockside+}" in result.stdout
        assert "markdown read leniently" in result.stderr


# -- help and lint --------------------------------------------------------------------------


def test_help_lists_every_format_and_input() -> None:
    result = runner.invoke(app, ["diff", "--help"], terminal_width=200)
    text = " ".join(result.stdout.split())
    for name in FORMATS:
        assert name in text, name
    for kind in (".pdf", ".docx", ".html", ".txt", "pack folder"):
        assert kind in text, kind


def test_lint_reads_what_diff_reads(pdf_2023: Path, word_2024: Path) -> None:
    run_result = jdtool.lint_paths([PLAIN_2023, JEKYLL_2023, TEXT_2023, HTML_2024, pdf_2023,
                                    word_2024])
    result = run_result.result
    assert result.documents == 6 and not result.problems
    assert not [f for f in result.findings if f.rule == "JD101"]  # required fields: jdtool only
    assert {f.path for f in result.findings} <= {PLAIN_2023, JEKYLL_2023, TEXT_2023, HTML_2024,
                                                 pdf_2023, word_2024}


def test_lint_fix_never_rewrites_a_foreign_file(tmp_path: Path) -> None:
    page = write(tmp_path / "page.html", "<html><body><h1>Caretaker</h1><h2>Duties</h2><ul>"
                 "<li>Sweep the the hall floor every day.</li></ul></body></html>")
    before = page.read_bytes()
    result = runner.invoke(app, ["lint", "--fix", str(page)])
    assert result.exit_code in (0, 1) and page.read_bytes() == before
    assert "JD403" in result.stdout  # the repeated word is still reported


@pytest.mark.parametrize(("text", "is_jdtool"), [
    ("---\nkind: description\n---\n", True),
    ("---\ntitle: A\nkind:   brief\n---\n", True),
    ("---\ntitle: A\nparams:\n  kind: brief\n---\n", False),  # not a top-level key
    ("---\ntitle: [A\n---\n", True),  # broken: reported as check would, not guessed past
    ("---\nlayout: post\n---\n", False),
    ("# Just a heading\n", False),
    ("+++\ntitle = 'A'\n+++\n", False)])
def test_what_makes_a_jdtool_document(text: str, is_jdtool: bool) -> None:
    from jdtool.core.foreign import is_jdtool_text

    assert is_jdtool_text(text, Path("post.md")) is is_jdtool


@pytest.mark.parametrize(("name", "kind"), [
    ("person-spec.md", "person-spec"), ("Person_Specification_2023.md", "person-spec"),
    ("how to apply.md", "apply"), ("brief.md", "brief"), ("organiser.md", "description"),
    ("job-description.md", "description")])
def test_a_foreign_documents_kind_comes_from_its_name(name: str, kind: str) -> None:
    from jdtool.core.foreign import kind_from_name

    assert str(kind_from_name(Path(name))) == kind


def test_a_hugo_page_means_the_same_to_diff_and_to_import(tmp_path: Path) -> None:
    """One table of foreign keys serves both readers: ``role`` and ``city`` are the title and
    the location whether the page is compared or imported; a key jdtool has no name for is
    kept under ``extra`` by both."""
    from jdtool.core.foreign import read_markdown
    from jdtool.importer.pipeline import read_documents

    text = ('+++ \nrole = "Caretaker"\ncity = "Leeds"\nweight = 3\n+++\n\n'
            "# Caretaker\n\n## Main duties\n\n- Looks after the building.\n")
    path = write(tmp_path / "caretaker.md", text)
    compared = read_markdown(text, path).document.meta
    imported = read_documents(path).documents[0].meta
    assert compared is not None and imported is not None
    assert (compared.title, compared.location) == ("Caretaker", "Leeds")
    assert (imported.title, imported.location) == ("Caretaker", "Leeds")
    assert compared.extra == {"weight": "3"} and imported.extra == {"weight": "3"}
