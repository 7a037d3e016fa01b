"""CITATION.cff, CHANGELOG.md and the guide: well formed and in step with the version.

CITATION.cff was validated against the CFF 1.2.0 schema with ``cffconvert
--validate`` (cffconvert pins jsonschema < 4, which the Jupyter stack cannot
share, so it is not a test dependency). This test keeps the file readable and
its required keys present, and the version the same everywhere.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import kickback_edu

REPO = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
CFF_REQUIRED = ("cff-version", "message", "title", "authors")
CHANGE_TYPES = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_the_version_is_the_same_everywhere() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert kickback_edu.__version__ == VERSION
    assert str(cff["version"]) == VERSION


def test_citation_has_the_required_keys() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    missing = [key for key in CFF_REQUIRED if key not in cff]
    assert not missing, f"CITATION.cff lacks {missing}"
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] in ("software", "dataset")
    assert cff["authors"], "authors must not be empty"
    for author in cff["authors"]:
        assert "name" in author or "family-names" in author, author


def test_changelog_follows_keep_a_changelog() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\](.*)$", text, flags=re.M)
    assert versions[0][0] == "Unreleased"
    released = {name: rest for name, rest in versions[1:]}
    assert VERSION in released, f"no '## [{VERSION}] - YYYY-MM-DD' section"
    for name, rest in released.items():
        assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), f"[{name}] needs ' - YYYY-MM-DD'"
    kinds = set(re.findall(r"^### (.+)$", text, flags=re.M))
    assert kinds <= CHANGE_TYPES, kinds - CHANGE_TYPES


def test_readme_links_the_guides() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for target in ("CONTRIBUTING.md", "CHANGELOG.md"):
        assert f"]({target})" in readme, target
        assert (REPO / target).is_file()
