"""Build the static HTML handouts: one self-contained page per course notebook.

Every ``notebooks/*.ipynb`` is executed in a fresh kernel with
``KICKBACK_STATIC=1``, so ``kickback_edu.display.show`` emits plain plotly
figures (plotly.js embedded once per page) and text descriptions instead of
live widgets. Each executed notebook is exported with nbconvert's ``lab``
template, minus every part that loads a script from a CDN (require.js,
MathJax, mermaid, the widget renderer). The pages then work offline.

Writes ``<out>/<notebook>.html``, ``<out>/index.html`` (descriptive links to
every page) and ``<out>/manifest.json`` (per page: title, number of figures),
plus every file a notebook links to, as a page (``../docs/teacher-guide.md`` becomes
``<out>/docs/teacher-guide.html``; links between notebooks point to their pages),
and fails loudly if any page would still fetch a script or stylesheet from
the network.

Usage: ``python tools/build_html.py --out build/html [--notebooks notebooks]``
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

import jinja2
import mistune
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from working_copy import markdown_links, relative_target, resolve  # noqa: E402

COURSE_TITLE = "The glute kickback: an interactive course"

# The stock ``lab`` template, without the blocks that pull scripts from CDNs.
# MathJax is dropped too: markdown maths shows as its TeX source offline.
OFFLINE_TEMPLATE_NAME = "kickback_offline.html.j2"
OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}{{ super() }}<style>PRINT_CSS</style>{% endblock extra_css %}
{% block footer_js %}{{ super() }}<script>PRINT_JS</script>{% endblock footer_js %}
"""

# Printing (A4 or Letter, portrait): 15 mm margins leave 180 mm (A4) and
# 186 mm (Letter) of width; 680 CSS px (180 mm at 96 px per inch) fits both.
PRINT_MARGIN_MM = 15
PRINT_WIDTH_PX = 680

# On paper: no code, no prompts; a figure stays whole and with its caption (the
# output right after it, also whole); a long table may run over a page but no
# row splits and its header repeats; a list item splits only between its
# sub-items; a figure's Play/Pause buttons and time slider are hidden (paper
# cannot play); a quiz's folded answers give way to its answer key, which ends
# the handout on pages of its own (a teacher can leave it out), while other folded answers
# (an exercise's) print open; headings, and a paragraph that leads into an output
# (it ends in ':', marked ``kb-leads-in`` by the print script), stay with what
# follows them; no paragraph leaves a single line at either end of a page.
# JupyterLab draws each output as a one-cell table that must not split
# (``break-inside: avoid-page``): a long output (a quiz, a table) then jumped whole
# to the next page and left most of a page blank. On paper an output is a plain
# block that may run over a page; only figures, short readouts and rows stay whole.
# A link to the web prints its address after its text (``kb-url``) when the text
# does not already show it. On screen the answer key stays hidden.
PRINT_CSS = f"""
@page {{ margin: {PRINT_MARGIN_MM}mm; }}
@media screen {{ .kickback-answer-key {{ display: none; }} }}
@media print {{
  body, .jp-Notebook, main {{ margin: 0 !important; padding: 0 !important; }}
  .jp-CodeCell .jp-Cell-inputWrapper, .jp-InputPrompt, .jp-OutputPrompt,
  .jp-Collapser {{ display: none !important; }}
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea-child, .jp-OutputArea-output {{
      margin-left: 0 !important; padding-left: 0 !important; }}
  .jp-OutputArea-child, .jp-OutputArea-output {{
      display: block !important; break-inside: auto !important; }}
  .jp-OutputArea-child:has(.plotly-graph-div),
  .jp-OutputArea-child:has(.plotly-graph-div) + .jp-OutputArea-child,
  .plotly-graph-div, figure, tr, li:not(:has(li)), details,
  .jp-OutputArea-output pre {{ break-inside: avoid !important; page-break-inside: avoid; }}
  .jp-OutputArea-child:has(.plotly-graph-div) {{ break-after: avoid; }}
  thead {{ display: table-header-group; }}
  p, li, dd, blockquote {{ orphans: 2; widows: 2; }}
  .js-plotly-plot .updatemenu-container, .js-plotly-plot .slider-container {{
      display: none !important; }}
  .kickback-quiz details {{ display: none !important; }}
  .kickback-answer-key {{ break-before: page; page-break-before: always; }}
  h1, h2, h3, h4, h5, .kb-leads-in {{ break-after: avoid; page-break-after: avoid; }}
  .kb-led {{ break-before: avoid; page-break-before: avoid; }}
  .kb-keep {{ break-inside: avoid; page-break-inside: avoid; }}
  details > summary {{ list-style: none; }}
  a {{ color: inherit; }}
  a.kb-url::after {{ content: " <" attr(href) ">"; font-size: 0.85em;
      overflow-wrap: anywhere; }}
}}
"""

# A plotly figure keeps the pixel width it was drawn at; before printing, every
# figure is redrawn at the printable width (and restored afterwards). An animated
# figure that names a ``meta.print_frame`` shows that frame on paper (the first
# frame when restored), and folded answers outside a quiz print open.
# ``window.kickbackPrint(true)`` does the same for ``make pdf``.
PRINT_JS = f"""
(function () {{
  function plots() {{ return Array.from(document.querySelectorAll('.js-plotly-plot')); }}
  // plotly.js's animate() leaves a rejected promise behind it (no reason given) even
  // when the frame is drawn: that one is not an error of the page.
  window.addEventListener('unhandledrejection', function (event) {{
    if (event.reason === undefined) event.preventDefault();
  }});
  function frameFor(el, on) {{
    var meta = (el.layout || {{}}).meta || {{}};
    var frames = el._transitionData && el._transitionData._frames;
    if (!meta.print_frame || !frames || !frames.length) return Promise.resolve();
    var name = on ? String(meta.print_frame) : frames[0].name;
    return window.Plotly.animate(el, [name], {{mode: 'immediate',
        frame: {{duration: 0, redraw: true}}, transition: {{duration: 0}}}})
      .catch(function () {{}});  // a later print event interrupted it: harmless
  }}
  // A markdown cell whose last block is a heading or ends in ':', or an output
  // ending in ':', leads into what follows it: the stylesheet keeps the two on one
  // page. A link to the web whose text does not show its address prints the
  // address after it.
  function markForPaper() {{
    document.querySelectorAll('.jp-MarkdownCell').forEach(function (cell) {{
      var md = cell.querySelector('.jp-RenderedMarkdown, .jp-RenderedHTMLCommon');
      var last = md && md.lastElementChild;
      while (last && last.matches('a.anchor-link, script, style') )
        last = last.previousElementSibling;
      if (!last) return;
      var text = last.textContent.replace(/[\\s\u00b6]+$/, '');
      if (/^H[1-6]$/.test(last.tagName) || /:$/.test(text)) cell.classList.add('kb-leads-in');
    }});
    document.querySelectorAll('.jp-OutputArea-child').forEach(function (child) {{
      if (/:$/.test(child.textContent.trim())) child.classList.add('kb-leads-in');
    }});
    document.querySelectorAll('.jp-MarkdownCell p').forEach(function (p) {{
      var next = p.nextElementSibling;
      if (next && /^(UL|OL|TABLE|PRE)$/.test(next.tagName) && /:$/.test(p.textContent.trim()))
        p.classList.add('kb-leads-in');
    }});
    // Chromium honours the avoid best when both sides of the break ask for it; a
    // lead-in cell and a short output after it (no figure; both under ~40% of a
    // page) share an unbreakable box.
    document.querySelectorAll('.kb-leads-in').forEach(function (el) {{
      var next = el.nextElementSibling;
      while (next && next.getClientRects().length === 0) next = next.nextElementSibling;
      if (!next) return;
      next.classList.add('kb-led');
      if (el.classList.contains('jp-Cell') && next.classList.contains('jp-CodeCell') &&
          !next.querySelector('.plotly-graph-div') && !el.parentElement.matches('.kb-keep') &&
          el.offsetHeight + next.offsetHeight < 400) {{
        var keep = document.createElement('div');
        keep.className = 'kb-keep';
        el.parentElement.insertBefore(keep, el);
        keep.appendChild(el);
        keep.appendChild(next);
      }}
    }});
    document.querySelectorAll('a[href^="http"]').forEach(function (a) {{
      var bare = a.href.replace(/^https?:\\/\\//, '').replace(/\\/$/, '');
      if (a.textContent.indexOf(bare) === -1) a.classList.add('kb-url');
    }});
  }}
  markForPaper();
  // The answer key prints last, on pages of its own, so a teacher can leave it out
  // (on screen it is hidden: moving it changes nothing there).
  // Its new box carries the classes that give an output its fonts.
  var keys = document.querySelectorAll('.kickback-answer-key');
  if (keys.length) {{
    var cells = document.querySelectorAll('.jp-Cell');
    var box = document.createElement('div');
    box.className = 'jp-Cell kb-answer-keys';
    var body = document.createElement('div');
    body.className = 'jp-RenderedHTMLCommon jp-RenderedHTML jp-OutputArea-output';
    box.appendChild(body);
    cells[cells.length - 1].parentElement.appendChild(box);
    keys.forEach(function (key) {{ body.appendChild(key); }});
  }}
  function toPrint(on) {{
    document.querySelectorAll('details').forEach(function (d) {{
      if (d.closest('.kickback-quiz')) return;
      if (on && !d.open) {{ d.open = true; d.dataset.kbOpened = '1'; }}
      if (!on && d.dataset.kbOpened) {{ d.open = false; delete d.dataset.kbOpened; }}
    }});
    if (!window.Plotly) return Promise.resolve(0);
    return Promise.all(plots().map(function (el) {{
      var update = on ? {{width: {PRINT_WIDTH_PX}, autosize: false}}
                      : {{width: null, autosize: true}};
      return window.Plotly.relayout(el, update).then(function () {{
        return frameFor(el, on);
      }});
    }})).then(function (done) {{ return done.length; }});
  }}
  window.kickbackPrint = toPrint;
  window.addEventListener('beforeprint', function () {{ toPrint(true); }});
  window.addEventListener('afterprint', function () {{ toPrint(false); }});
}})();
"""

# Anything that would make the browser fetch code or styles off the machine.
_REMOTE = r"""["']?\s*(?:https?:)?//"""
REMOTE_PATTERNS: dict[str, re.Pattern[str]] = {
    "script src": re.compile(r"<script\b[^>]*\bsrc\s*=\s*" + _REMOTE, re.IGNORECASE),
    "link href": re.compile(r"<link\b[^>]*\bhref\s*=\s*" + _REMOTE, re.IGNORECASE),
    "iframe src": re.compile(r"<iframe\b[^>]*\bsrc\s*=\s*" + _REMOTE, re.IGNORECASE),
    "ES module import": re.compile(r"""\bimport\s*\(?\s*["'](?:https?:)?//""", re.IGNORECASE),
    "CSS @import": re.compile(r"@import\s+(?:url\()?" + _REMOTE, re.IGNORECASE),
    "CDN script": re.compile(r"<script\b[^>]*\bsrc\s*=[^>]*\bcdn\.", re.IGNORECASE),
}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class Page:
    """One exported notebook, as listed in the index and the manifest."""

    notebook: str
    html: str
    title: str
    figures: int
    blank_widgets: int
    seconds: float


class BuildError(RuntimeError):
    """The handouts could not be built (failed cell, remote resource, ...)."""


def notebook_title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's H1 (first markdown heading of level 1), else ``fallback``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = _H1.search(cell.source)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return fallback


def count_figures(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """(static plotly figures, live widget views) among the outputs of ``nb``."""
    figures = widgets = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "Plotly.newPlot" in data.get("text/html", ""):
                figures += 1
            if WIDGET_VIEW in data:
                widgets += 1
    return figures, widgets


def kernel_env() -> dict[str, str]:
    """The kernel's environment: static display on, the repo's library first."""
    env = dict(os.environ)
    env["KICKBACK_STATIC"] = "1"
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
    return env


def execute(path: Path, timeout: int) -> nbformat.NotebookNode:
    """Run ``path`` top to bottom in a fresh kernel in static mode."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute(env=kernel_env(), cwd=str(path.parent))
    except CellExecutionError as exc:
        raise BuildError(f"{path.name}: a cell failed while building the handout:\n{exc}") from exc
    return nb


def offline_template() -> str:
    """The CDN-free template with the print stylesheet and script filled in."""
    return OFFLINE_TEMPLATE.replace("PRINT_CSS", PRINT_CSS).replace("PRINT_JS", PRINT_JS)


def make_exporter() -> HTMLExporter:
    """nbconvert's lab HTML exporter with the CDN-free template."""
    return HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({OFFLINE_TEMPLATE_NAME: offline_template()})],
        template_file=OFFLINE_TEMPLATE_NAME,
        embed_images=True,
    )


def remote_resources(text: str) -> list[str]:
    """Every place in ``text`` that would fetch code or styles off the machine."""
    found = []
    for kind, pattern in REMOTE_PATTERNS.items():
        for match in pattern.finditer(text):
            found.append(f"{kind}: {match.group(0)[:120]!r}")
    return found


def render_index(pages: list[Page]) -> str:
    """The index page: one descriptive link per handout."""
    items = "\n".join(
        f'    <li><a href="{html.escape(p.html)}">{html.escape(p.title)}</a>'
        f" <span class=\"meta\">({p.figures} figure{'s' if p.figures != 1 else ''},"
        f" notebook {html.escape(p.notebook)})</span></li>"
        for p in pages
    )
    title = html.escape(COURSE_TITLE)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: static handouts</title>
<style>
  body {{ font-family: Arial, Helvetica, sans-serif; max-width: 46rem; margin: 2rem auto;
         padding: 0 1rem; line-height: 1.5; color: #111; }}
  a {{ color: #0052a3; }}
  .meta {{ color: #444; font-size: 0.9em; }}
</style>
</head>
<body>
<main>
  <h1>{title}</h1>
  <p>Static copies of the course notebooks. The figures are drawn at their
  starting values and work offline; open the notebooks in JupyterLab to move
  the sliders.</p>
  <ol>
{items}
  </ol>
</main>
</body>
</html>
"""


def linked_page(source: Path, target: Path) -> None:
    """``source`` (a Markdown or text file a notebook links to) as an HTML page."""
    text = source.read_text(encoding="utf-8")
    body = mistune.html(text) if source.suffix == ".md" else f"<pre>{html.escape(text)}</pre>"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(source.name)}</title>\n<style>body {{ font-family: Arial, "
        "Helvetica, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; "
        "line-height: 1.5; color: #111; }} table { border-collapse: collapse; } "
        "td, th { border: 1px solid #999; padding: 2px 6px; }</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n", encoding="utf-8")


def rewrite_links(nb: nbformat.NotebookNode, notebooks_dir: Path, out: Path) -> None:
    """Make the relative links of ``nb``'s markdown cells work in the handout folder
    ``out``: a link to a notebook points to its page, a link to another file of the
    repository (``../docs/teacher-guide.md``) to that file as a page in ``out``
    (``docs/teacher-guide.html``), written here. Other links are left as they are."""
    root = notebooks_dir.resolve().parent
    base = PurePosixPath(notebooks_dir.resolve().name)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for link in set(markdown_links(cell.source)):
            target = relative_target(link)
            rel = resolve(base, target) if target else None
            if rel is None or not (root / rel).is_file():
                continue
            fragment = link[len(link.split("#")[0]):]
            if rel.suffix == ".ipynb" and rel.parent == base:
                new = rel.with_suffix(".html").name + fragment
            else:
                page = rel.with_suffix(".html")
                linked_page(root / rel, out / page)
                new = str(page) + fragment
            for quote in ("({})", '"{}"', "'{}'"):
                cell.source = cell.source.replace(quote.format(link), quote.format(new))


def build(notebooks_dir: Path, out: Path, timeout: int = 300) -> list[Page]:
    """Execute and export every notebook of ``notebooks_dir`` into ``out``."""
    sources = sorted(notebooks_dir.glob("*.ipynb"))
    if not sources:
        raise BuildError(f"no notebooks (*.ipynb) in {notebooks_dir}")
    out.mkdir(parents=True, exist_ok=True)
    exporter = make_exporter()
    pages: list[Page] = []
    problems: list[str] = []
    for path in sources:
        start = time.perf_counter()
        nb = execute(path, timeout)
        title = notebook_title(nb, path.stem)
        rewrite_links(nb, notebooks_dir, out)
        figures, widgets = count_figures(nb)
        if widgets:
            print(
                f"WARNING {path.name}: {widgets} live widget output(s) have no static"
                " version and will be blank in the handout; display them with"
                " kickback_edu.display.show()",
                file=sys.stderr,
            )
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        problems += [f"{path.stem}.html: {p}" for p in remote_resources(body)]
        target = out / f"{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        page = Page(path.name, target.name, title, figures, widgets,
                    time.perf_counter() - start)
        pages.append(page)
        print(f"{target}  {figures} figure(s)  {page.seconds:.1f} s")
    index = render_index(pages)
    problems += [f"index.html: {p}" for p in remote_resources(index)]
    (out / "index.html").write_text(index, encoding="utf-8")
    manifest = {"title": COURSE_TITLE, "pages": [asdict(p) for p in pages]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    if problems:
        raise BuildError(
            "the handouts would fetch resources from the network:\n  " + "\n  ".join(problems)
        )
    return pages


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "html",
                        help="output folder (default: build/html)")
    parser.add_argument("--notebooks", type=Path, default=REPO / "notebooks",
                        help="folder of the notebooks to export (default: notebooks/)")
    parser.add_argument("--timeout", type=int, default=300,
                        help="seconds allowed per cell (default: 300)")
    args = parser.parse_args(argv)
    try:
        pages = build(args.notebooks, args.out, args.timeout)
    except BuildError as exc:
        print(f"build_html: ERROR: {exc}", file=sys.stderr)
        return 1
    print(f"{len(pages)} page(s) and index.html in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
