"""Jupyter server configuration of ``make lab`` (passed with ``--config``).

``make lab`` serves the learner's working copy (``my-course/``, see
``tools/working_copy.py``) and opens the first notebook. Every save (and autosave)
goes through :func:`working_copy.strip_widget_views`, so a saved notebook keeps the
widgets' text fallback ("run this cell") instead of views that need a kernel.
The JupyterLab settings of the course (no news pop-up, no widget state in saved
notebooks) are in ``tools/jupyter/lab/overrides.json``, installed by ``make lab``.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from working_copy import strip_widget_views

c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.LabApp.default_url = "/lab/tree/notebooks/00_start_here.ipynb"
c.FileContentsManager.pre_save_hook = strip_widget_views
