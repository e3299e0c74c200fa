"""Make a synthetic corpus of job packs for the benchmarks.

``make_corpus(root, packs=1000)`` writes ``root/pack-0000/`` ... each with ``pack.md``,
``description.md``, ``person-spec.md`` and ``apply.md`` (about 1,500 words a pack), and
``make_documents(root, count, words)`` writes single descriptions of a given length.
Text is generated from a fixed vocabulary with a seeded random generator, so every run
makes the same files.
"""

from __future__ import annotations

import random
from pathlib import Path

_SUBJECTS = ["The post-holder", "The Director", "The team", "The union", "The officer",
             "The organiser", "The manager", "Each branch", "The committee", "The head of service"]
_VERBS = ["leads", "manages", "develops", "supports", "reviews", "oversees", "coordinates",
          "represents", "plans", "monitors", "negotiates", "promotes", "delivers", "maintains"]
_OBJECTS = ["the annual budget", "national negotiations", "member services", "regional staff",
            "the organising strategy", "health and safety policy", "the equality action plan",
            "learning and development", "the digital programme", "branch support",
            "the pensions campaign", "internal communications", "risk management",
            "the recruitment plan", "relations with employers", "the governance framework"]
_TAILS = ["across all regions", "in line with conference policy", "with the national executive",
          "within agreed budgets", "for the benefit of members", "at national and local level",
          "working closely with lay representatives", "to agreed deadlines", "", ""]
_HEADINGS = ["Leading the organisation", "Finance and resources", "People and culture",
             "Governance and risk", "Campaigns and communications", "Member services",
             "Negotiations", "Partnership working"]
_GROUPS = ["Qualifications", "Knowledge", "Experience", "Skills and abilities", "Values"]
_STAGES = ["Application", "Interview", "Test", "Presentation", "References"]


def _sentence(rng: random.Random) -> str:
    tail = rng.choice(_TAILS)
    text = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    return f"{text} {tail}.".replace(" .", ".")


def _sentences(rng: random.Random, count: int) -> str:
    return " ".join(_sentence(rng) for _ in range(count))


def description_body(rng: random.Random, words: int) -> str:
    """A description body of about ``words`` words: purpose paragraphs, then bullet sections."""
    parts = ["## Job purpose", ""]
    parts += [f"{n}. {_sentences(rng, 3)}" for n in (1, 2)]
    parts += ["", "## Key tasks and responsibilities", ""]
    written = 60
    heading = 0
    while written < words:
        parts += [f"### {_HEADINGS[heading % len(_HEADINGS)]}", ""]
        heading += 1
        for _ in range(6):
            bullet = _sentences(rng, rng.randint(1, 2))
            parts.append(f"- {bullet}")
            written += len(bullet.split())
        parts.append("")
    return "\n".join(parts) + "\n"


def person_spec_body(rng: random.Random, criteria: int = 15) -> str:
    parts: list[str] = []
    for index in range(criteria):
        if index % 3 == 0:
            parts += ["", f"## {_GROUPS[(index // 3) % len(_GROUPS)]}", "",
                      "| Criterion | Essential/Desirable | Assessed by |", "|---|---|---|"]
        importance = "Essential" if rng.random() < 0.6 else "Desirable"
        stages = ", ".join(rng.sample(_STAGES, rng.randint(1, 3)))
        parts.append(f"| Experience of {rng.choice(_OBJECTS)} {rng.choice(_TAILS)} | "
                     f"{importance} | {stages} |")
    return "\n".join(parts).lstrip() + "\n"


def _pack_front_matter(number: int, rng: random.Random) -> str:
    month = 1 + number % 12
    day = 1 + number % 27
    low = 30000 + rng.randint(0, 40) * 1000
    return (f"---\nkind: pack\ntitle: Synthetic Post {number:04d}\n"
            f"organisation: Synthetic Workers' Union\nref: SWU/{number:04d}\n"
            f"grade: Grade {1 + number % 9}\nsalary:\n  min: {low}\n  max: {low + 4000}\n"
            f"location: Region {1 + number % 12}\nreports_to: Assistant General Secretary\n"
            f"status: published\nposted: 2026-{month:02d}-{day:02d}\n"
            f"closing: 2027-{month:02d}-{day:02d} 12:00\n"
            f"interview: 2027-{month:02d}-{min(day + 1, 28):02d}\nrevised: 2026-{month:02d}\n"
            f"---\n\n{_sentences(rng, 3)}\n")


def make_corpus(root: Path, packs: int = 1000, seed: int = 0) -> Path:
    """Write ``packs`` job packs of about 1,500 words each under ``root``; return ``root``."""
    rng = random.Random(seed)
    for number in range(packs):
        folder = root / f"pack-{number:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pack.md").write_text(_pack_front_matter(number, rng), encoding="utf-8")
        (folder / "description.md").write_text(
            "---\nkind: description\n---\n\n" + description_body(rng, 900), encoding="utf-8")
        (folder / "person-spec.md").write_text(
            "---\nkind: person-spec\n---\n\n" + person_spec_body(rng), encoding="utf-8")
        (folder / "apply.md").write_text(
            "---\nkind: apply\n---\n\n## How to apply\n\n" + _sentences(rng, 8) + "\n",
            encoding="utf-8")
    return root


def make_documents(root: Path, count: int = 1000, words: int = 1500, seed: int = 0) -> list[Path]:
    """Write ``count`` loose descriptions of about ``words`` words; return their paths."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = root / f"post-{number:04d}.md"
        front = (f"---\nkind: description\ntitle: Synthetic Post {number:04d}\n"
                 f"organisation: Synthetic Workers' Union\nstatus: published\n"
                 f"closing: 2027-01-{1 + number % 28:02d} 12:00\nrevised: 2026-11\n---\n\n")
        path.write_text(front + description_body(rng, words), encoding="utf-8")
        paths.append(path)
    return paths
