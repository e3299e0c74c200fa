"""The registries are explicit: complete on import, never changed by what ran before.

Lint rules (``jdtool.lint.registry``), the generators of a build (chosen per build from its
options) and the output formats of ``jdtool diff`` (a table above diff and office).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from jdtool.diff.formats import FORMATS as OWN_FORMATS
from jdtool.diff_formats import FORMATS, SUFFIXES
from jdtool.history.pages import history_pages
from jdtool.lint.engine import RULES
from jdtool.lint.registry import RULE_MODULES, RuleRegistry, default_rules
from jdtool.lint.rules import RuleCheck
from jdtool.office.site_docx import word_packs
from jdtool.publish.context import BuildOptions
from jdtool.publish.generators import generators_for


def _modules_after(statement: str) -> list[str]:
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    return list(json.loads(output))


def test_rules_are_registered_by_importing_the_package_alone() -> None:
    code = "import jdtool.lint as lint; print(len(lint.RULES))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert int(output) == len(default_rules())


def test_registry_lists_every_module_rule_once_in_id_order() -> None:
    ids = [rule.id for rule in RULES.rules()]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)) == sum(len(module.CHECKS) for module in RULE_MODULES)
    assert all(RULES.get(rule_id) is not None for rule_id in ids)
    assert RULES.get("JD999") is None


def test_each_build_of_the_registry_is_a_fresh_equal_list() -> None:
    again = default_rules()
    assert again is not RULES and list(again) == list(RULES)


def test_a_rule_listed_twice_is_refused() -> None:
    first = next(iter(RULES))
    with pytest.raises(ValueError, match=f"{first.rule.id} is listed twice"):
        RuleRegistry([first, RuleCheck(first.rule, first.check)])


def test_generators_follow_the_options_of_each_build() -> None:
    assert generators_for(BuildOptions()) == [history_pages]
    assert generators_for(BuildOptions(docx=True)) == [history_pages, word_packs]
    assert generators_for(BuildOptions(history=False)) == []
    # A --docx build earlier in the process leaves the next build's choice alone.
    assert word_packs not in generators_for(BuildOptions())


def test_diff_formats_include_office_redline_but_diff_does_not_import_office() -> None:
    assert set(FORMATS) == {*OWN_FORMATS, "docx"}
    assert SUFFIXES[".docx"] == "docx" and SUFFIXES[".html"] == "html"
    assert ".odt" not in SUFFIXES
    loaded = _modules_after("import jdtool.diff, jdtool.diff.formats")
    assert not [name for name in loaded if name.startswith(("jdtool.office", "docx"))]
