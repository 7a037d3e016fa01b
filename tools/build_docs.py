"""Build the HTML API reference of kickback_edu with pdoc (``make docs``).

Documents the package and every public module under it (the model modules,
``kickback_edu.data`` and ``kickback_edu.quiz`` with the data loaders,
``kickback_edu.figures`` and ``kickback_edu.widgets`` with theirs); a module
whose name starts with ``_`` is private and left out. Docstrings are read as
reStructuredText (the library writes ``:func:`name``` cross references).

The pages are self-contained: pdoc inlines its stylesheet and search index,
and this script fails if a page would load a script or stylesheet from the
network, or if pdoc warns (an unresolved reference, a module that fails to
import), so a broken reference does not slip into the docs.

Usage: ``python tools/build_docs.py [--out build/docs]``; open
``build/docs/index.html``.
"""

from __future__ import annotations

import argparse
import pkgutil
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "kickback_edu"
REMOTE_ASSET = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.I)


def public_modules(package: str = PACKAGE) -> list[str]:
    """The package and its submodules, minus any with a ``_``-prefixed part, sorted."""
    root = __import__(package)
    names = [package] + [
        info.name for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}.")
    ]
    return sorted(n for n in names if not any(p.startswith("_") for p in n.split(".")))


def build(out: Path) -> list[Path]:
    """Write the reference into ``out`` and return the HTML pages written.

    Raises RuntimeError naming the problem if pdoc warns or if a page loads a
    remote script or stylesheet.
    """
    import pdoc
    import pdoc.render

    pdoc.render.configure(
        docformat="restructuredtext",
        footer_text=f"{PACKAGE} API reference",
        search=True,
        show_source=True,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # pdoc adds kickback_edu.pose itself (``pose`` is also a function in
        # kickback_edu.__all__), then warns that our list repeats it: harmless.
        warnings.filterwarnings("ignore", message=r"The module specification .* has already")
        pdoc.pdoc(*public_modules(), output_directory=out)
    problems = [f"pdoc warned: {w.message}" for w in caught]
    pages = sorted(out.rglob("*.html"))
    for page in pages:
        if REMOTE_ASSET.search(page.read_text(encoding="utf-8")):
            problems.append(f"{page} loads a script or stylesheet from the network")
    if problems:
        raise RuntimeError("\n".join(problems))
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--out DIR`` (default ``build/docs``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "docs")
    args = parser.parse_args(argv)
    try:
        pages = build(args.out)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"API reference: {len(pages)} pages in {args.out}; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
