# Two commands on a fresh machine: `make book` and `make test`. Everything else is optional.
SHELL := /bin/bash
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HTML   := _build/html
PORT   ?= 8000
# Notebooks listed in _toc.yml (evaluated when a recipe needs them, after the install).
NOTEBOOKS = $(shell $(PY) tests/toc.py --notebooks)
NB ?= $(NOTEBOOKS)
# jupyter refuses to run as root without this flag (CI runs as root)
ROOTFLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install audit-tools audit book test unit serve lab notebooks bench conformance clean \
  flashcards

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# Audit tools from the npm registry (pinned, under _build/, never committed): Lighthouse 12.2
# is the last release that runs on Node 20; axe-core is injected into pages by Playwright.
AUDIT := _build/audit
LIGHTHOUSE := 12.2.3
AXE := 4.10.2
$(AUDIT)/.stamp: Makefile
	rm -rf $(AUDIT) && mkdir -p $(AUDIT)
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix $(AUDIT) \
	  lighthouse@$(LIGHTHOUSE) axe-core@$(AXE)
	@touch $@

audit-tools: $(AUDIT)/.stamp

# Lighthouse (mobile preset) and axe-core (light and dark, 390 and 1400 px) on every page of the
# built book, served gzip-compressed as GitHub Pages serves it; prints one table per tool.
audit: install audit-tools
	@test -f $(HTML)/index.html || $(MAKE) book
	CHROME_PATH=/usr/bin/chromium $(PY) tests/browser/audit.py --all

# MathJax for typesetting the formulas at build time (book/_ext/math_svg.py), from the npm
# registry, pinned, under _build/ like the audit tools
MATHJAX_DIR := _build/mathjax
MATHJAX := 3.2.2
$(MATHJAX_DIR)/.stamp: Makefile
	rm -rf $(MATHJAX_DIR) && mkdir -p $(MATHJAX_DIR)
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix $(MATHJAX_DIR) \
	  mathjax-full@$(MATHJAX)
	@touch $@

book: install $(MATHJAX_DIR)/.stamp
	rm -rf $(HTML)  # Sphinx does not refresh changed static files in place
	MPLBACKEND=Agg $(VENV)/bin/jupyter-book build . -W -n --keep-going
	@echo "The book is at $(CURDIR)/$(HTML)/index.html (make serve shows it on http://localhost:$(PORT))"

# Unit and widget tests, every notebook re-executed and compared (nbval), then the browser
# tests against the book built just before: one pytest run, one summary.
# scikit-learn's own tests with regkit swapped in (about two minutes), then every notebook and test
test: book audit-tools conformance
	$(PY) -m pytest $(NOTEBOOKS) tests --nbval --nbval-current-env -p no:cacheprovider

unit: install
	$(PY) -m pytest tests -p no:cacheprovider -m "not browser"

serve:
	@test -f $(HTML)/index.html || $(MAKE) book
	$(PY) -m http.server --directory $(HTML) $(PORT)

# Offline and quiet: lab-settings/overrides.json answers the "Jupyter news" question (never) and
# turns off the update check; news_url=None stops the feed itself. jupyterlab-myst
# (requirements.txt) renders the chapters' MyST as the book does.
LAB_FLAGS := --LabApp.app_settings_dir=$(CURDIR)/lab-settings --LabApp.news_url=None \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

lab: install
	$(VENV)/bin/jupyter lab --notebook-dir=. $(LAB_FLAGS) $(ROOTFLAG)

# Re-execute notebooks in place (all of them, or NB=book/xx.ipynb), saving widget state,
# so stored outputs are always what the code produces.
notebooks: install
	MPLBACKEND=module://matplotlib_inline.backend_inline $(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.store_widget_state=True --ExecutePreprocessor.record_timing=False \
	  --ExecutePreprocessor.timeout=300 $(NB)

# The question bank as an Anki deck, each card linking to the section of the published book
# (BOOK_URL) that answers it.
BOOK_URL ?= https://regkit-course.github.io/l1-vs-l2/
flashcards: install
	$(PY) -m regkit.course.practice.anki _build/flashcards/regkit-questions.apkg $(BOOK_URL)

# The peers (celer, skglm, glmnet) are required here, installed from benchmarks/requirements.txt
# (pinned; never part of the main requirements: the tests treat them as optional).
bench: install
	$(PY) -m pip install --quiet -r benchmarks/requirements.txt
	$(PY) benchmarks/run.py --require-peers

# scikit-learn's own installed linear-model tests with regkit's estimators and functions
# swapped into their namespaces (tests/conformance/plugin.py; nothing copied here), against
# the expected-failure list with reasons (tests/conformance/expected.py). Prints the table.
CONFORMANCE := $(addprefix sklearn.linear_model.tests.,test_coordinate_descent test_ridge \
  test_least_angle test_logistic)
conformance: install
	$(PY) -m pytest -p tests.conformance.plugin -p no:cacheprovider -p no:hypothesispytest \
	  -q -o addopts="" -rN --tb=no -W ignore --timeout 60 --pyargs $(CONFORMANCE)

clean:
	rm -rf _build
