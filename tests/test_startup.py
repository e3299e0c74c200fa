"""`jdtool --help` must stay fast: no heavy library may be imported just to show help.

Start-up time itself is measured by benchmarks/bench_foundation.py, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("weasyprint", "docx", "openpyxl", "git", "rapidfuzz", "pypdf", "mammoth", "bs4",
         "jinja2", "pydantic", "yaml", "markdown_it", "mdformat", "rich.markdown", "watchfiles",
         "playwright", "nh3", "jdtool.core.model", "jdtool.core.packs")

PROBE = """
import json, sys
sys.argv = ["jdtool", "--help"]
from jdtool.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_help_imports_no_heavy_library() -> None:
    process = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                             timeout=120)
    modules = json.loads(process.stderr.strip().splitlines()[-1])
    loaded = sorted({name for name in modules for heavy in HEAVY
                     if name == heavy or name.startswith(heavy + ".")})
    assert loaded == [], f"--help imports {loaded}"
    assert "Usage: jdtool" in process.stdout
