# kickback_edu — every target bootstraps .venv itself.
#   make lab      set up and open the course in JupyterLab (your own copy: my-course/)
#   make reset    a fresh my-course/ (the old one is kept as my-course.bak-<time>/)
#   make test     set up and run every test (library, data, notebooks, browser)
#   make check-data  list every problem in the data files (a teacher's own: DATA=folder)
#   make html     static HTML handouts in build/html/ (figures render offline)
#   make pdf      printable handouts in build/pdf/ (one PDF per notebook + course.pdf; PAPER=A4|Letter)
#   make present  the interactive parts as a Voila dashboard (code hidden)
#   make bench    print the benchmark figures (model, widgets in-process)
#   make bench-browser  slider -> plot latency in a real JupyterLab + Chromium (~3 min)
#   make typecheck  mypy, strict, on src/ (configured in pyproject.toml)
#   make hooks    install the git pre-commit hooks (.pre-commit-config.yaml; local, offline)
#   make docs     the HTML API reference in build/docs/ (pdoc, offline)
#   make handin NAME=fox-12   a learner's quiz answers, under a pseudonym, in one file
#   make tally DIR=handins    the teacher's class tally of a folder of hand-in files

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# Two install stamps: the course alone (make lab, present, reset) and the course
# with the test tools (make test and the rest). The full install also counts as
# the course's, so `make lab` after `make test` installs nothing.
STAMP  := $(VENV)/.kickback-installed
LAB_STAMP := $(VENV)/.kickback-course-installed
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
LAB_ARGS ?=
# The learner's working copy: JupyterLab saves there, never into notebooks/.
COURSE ?= my-course
# The course's JupyterLab settings (no news pop-up, no widget state saved),
# as defaults under the venv's JupyterLab: a learner's own settings still win.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/kickback-course.json

.PHONY: lab test lint check-data html pdf present bench bench-browser clean typecheck hooks docs handin tally reset

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP) $(LAB_STAMP)

$(LAB_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then :; else \
	    $(PY) -m pip install --quiet --upgrade pip && \
	    $(PY) -m pip install --quiet -e . ; fi
	@touch $(LAB_STAMP)

$(LAB_OVERRIDES): tools/jupyter/lab/overrides.json $(LAB_STAMP)
	@mkdir -p $(@D)
	@cp $< $@

lab: $(LAB_STAMP) $(LAB_OVERRIDES)
	@$(PY) tools/working_copy.py sync --copy $(COURSE)
	$(VENV)/bin/jupyter lab --config=tools/jupyter/lab_config.py \
	    --ServerApp.root_dir=$(COURSE) --ip=127.0.0.1 $(ROOT_FLAG) $(LAB_ARGS)

reset: $(LAB_STAMP)
	@$(PY) tools/working_copy.py reset --copy $(COURSE)

# The same checks as the commit hooks (.pre-commit-config.yaml), so CI and hooks agree.
lint: $(STAMP)
	$(PY) -m ruff check $(wildcard src tests benchmarks tools)
	$(PY) -m mypy
	$(PY) tools/check_notebooks.py

typecheck: $(STAMP)
	$(PY) -m mypy

# The hooks run the .venv's tools (repo: local), so they need no network.
hooks: $(STAMP)
	$(VENV)/bin/pre-commit install

docs: $(STAMP)
	$(PY) tools/build_docs.py --out build/docs

test: $(STAMP) lint
	$(PY) -m pytest tests notebooks --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg

check-data: $(STAMP)
	$(PY) -m kickback_edu.check_data $(DATA)

html: $(STAMP)
	$(PY) tools/build_html.py --out build/html

PAPER ?= A4
pdf: html
	$(PY) tools/build_pdf.py --html build/html --out build/pdf --paper $(PAPER)

# Voila takes no --allow-root; --Voila.auto_token=True puts a random token in
# the printed URL; the "kickback" template (tools/jupyter) drops Voila's CDN
# stylesheets. Extra options: make present PRESENT_ARGS="--no-browser --port=8870"
# It serves the working copy (the teacher's own, links to docs/ and data/ work);
# Voila never saves into it. Voila comes with the full install (the [test] extra).
present: $(STAMP)
	@$(PY) tools/working_copy.py sync --copy $(COURSE)
	JUPYTER_PATH="$(CURDIR)/tools/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	$(VENV)/bin/voila $(COURSE) --Voila.ip=127.0.0.1 --Voila.auto_token=True \
	    --template=kickback \
	    --VoilaConfiguration.file_allowlist="['.*\.(png|jpg|gif|svg|md)']" $(PRESENT_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/bench_model.py
	$(PY) benchmarks/bench_widgets.py --quick
	$(PY) benchmarks/bench_tally.py

bench-browser: $(STAMP)
	$(PY) benchmarks/bench_browser.py $(BENCH_ARGS)

# The learner's answers -> kickback-handin-NAME.json (kickback_edu.handin). NAME, PROGRESS
# (the progress file, found under this folder if not given) and OUT (where to write) reach
# the program through the environment ("$$NAME"), so the shell never parses their values.
handin: $(STAMP)
	$(PY) -m kickback_edu.handin "$$NAME" $(if $(PROGRESS),--progress "$$PROGRESS") \
	    $(if $(OUT),--out "$$OUT")

# A folder of hand-ins -> report, CSVs and figure in DIR/tally (or OUT) (kickback_edu.tally).
tally: $(STAMP)
	$(PY) -m kickback_edu.tally "$$DIR" $(if $(OUT),--out "$$OUT")

clean:
	rm -rf build .pytest_cache .ruff_cache
