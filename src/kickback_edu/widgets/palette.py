"""Text colours of the widgets' HTML (quiz verdicts, warnings) that meet WCAG AA
(contrast 4.5:1 for text) in JupyterLab's Light theme and in its Dark theme.

No single colour does both: a green dark enough for white (``#1b7f3b``, 5.1:1) has
3.7:1 on JupyterLab Dark's ``#111``, and JupyterLab's own ``--jp-success-color1``
(``#4caf50``) has 2.8:1 on white. So each kind of text gets a class, and
:data:`STYLE` gives it one colour per theme: JupyterLab and Voila mark the page's
body with ``data-jp-theme-light="false"`` in a dark theme; without that mark (a
static HTML page, another front end) the light colours apply.

Contrast ratios (WCAG 2 relative luminance), light colour on white / dark colour on
``#111`` (notebook background), ``#212121`` and ``#424242``:

=========  ==========  =======  =====================
kind       light       dark     ratios
=========  ==========  =======  =====================
good       ``#1b7f3b`` ``#81c784`` 5.1 / 9.4, 8.0, 5.0
bad        ``#b3261e`` ``#ff8a80`` 6.5 / 8.3, 7.0, 4.4
warn       ``#a04000`` ``#ffab91`` 6.5 / 10.3, 8.8, 5.5
=========  ==========  =======  =====================

The verdict word is never the only signal: a ✓ or ✗ and the words "Correct." or
"Not quite." say it too.
"""

from __future__ import annotations

__all__ = ["BAD", "GOOD", "STYLE", "WARN", "colours"]

#: Class names of the three kinds of coloured text.
GOOD, BAD, WARN = "kickback-good", "kickback-bad", "kickback-warn"

_LIGHT = {GOOD: "#1b7f3b", BAD: "#b3261e", WARN: "#a04000"}
_DARK = {GOOD: "#81c784", BAD: "#ff8a80", WARN: "#ffab91"}

_DARK_BODY = 'body[data-jp-theme-light="false"]'


def colours(dark: bool) -> dict[str, str]:
    """The colour of each class (:data:`GOOD`, :data:`BAD`, :data:`WARN`) in a light
    or dark theme, as ``#rrggbb``."""
    return dict(_DARK if dark else _LIGHT)


def _rules(prefix: str, palette: dict[str, str]) -> str:
    """``.kind`` colours text; ``.kind-edge`` colours a border (e.g. a verdict's bar)."""
    return "".join(f"{prefix}.{name}{{color:{colour} !important}}"
                   f"{prefix}.{name}-edge{{border-color:{colour} !important}}"
                   for name, colour in palette.items())


#: The ``<style>`` element to put once in a widget's HTML that uses the classes.
STYLE = f"<style>{_rules('', _LIGHT)}{_rules(_DARK_BODY + ' ', _DARK)}</style>"
