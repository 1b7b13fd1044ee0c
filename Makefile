# The front door. `make report` renders every report; `make test` runs the tests.
# Both create the virtual environment in .venv (python3 -m venv + pip, from requirements.lock)
# when it is missing or out of date. Nothing is installed or registered outside .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mxsec-installed
PANGO_HINT := WeasyPrint needs Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

.PHONY: report test bench lab data check new-edition clean distclean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -c "from mxsec.fonts import static_fonts; static_fonts()"
	touch $(STAMP)

report: $(STAMP)
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { echo "$(PANGO_HINT)"; exit 1; }
	$(BIN)/mxsec render

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m mxsec.bench

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

data: $(STAMP)
	$(BIN)/mxsec data refresh

check: $(STAMP)
	$(BIN)/mxsec data check
	$(BIN)/mxsec render --check

# Close the published edition: its key figures become the baseline the next edition lists its
# changes against (reports/previous/), and the recorded reasons start empty again.
new-edition:
	mkdir -p reports/previous
	for f in reports/*.figures.json; do cp "$$f" reports/previous/; done
	printf 'topic,figure,reason\n' > data/manual/revisions.csv
	printf 'topic,figure,reason\n' > data/revisions.csv

clean:
	rm -rf reports/editions reports/_failed .pytest_cache build
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
