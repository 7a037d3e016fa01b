"""Keep the first figure of a notebook fast.

plotly's FigureWidget imports nbformat, which imports jsonschema, whose
format module imports the optional package ``rfc3987_syntax`` if it is
installed (it comes with the Jupyter server's dependencies). That import
builds a parser grammar and takes 2.5 s on these machines, more under load —
the largest part of every notebook's start-up. The course never validates
IRI strings, so before plotly is imported we mark the package unavailable;
jsonschema then leaves out only its "iri" format check (it guards that import
with ``suppress(ImportError)``). Nothing changes if jsonschema or the package
was already imported.
"""

from __future__ import annotations

import sys

SLOW_OPTIONAL = "rfc3987_syntax"


def skip_slow_optional_imports() -> None:
    """Mark ``rfc3987_syntax`` unavailable unless jsonschema is already loaded."""
    if "jsonschema" not in sys.modules and SLOW_OPTIONAL not in sys.modules:
        sys.modules[SLOW_OPTIONAL] = None  # type: ignore[assignment]
