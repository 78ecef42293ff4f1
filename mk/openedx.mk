# Open edX: the IBAL XBlock (xblock/) and the Tutor plugin (tutor-plugin/).
# Two venvs: the xblock-sdk workbench needs Django 4.2 (django-pyfs), tutor needs no Django,
# and neither should constrain the other.
XBLOCK_VENV := .venv-xblock
TUTOR_VENV := .venv-tutor

TEST_SUITES += test-xblock test-tutor

$(XBLOCK_VENV)/.ready: xblock/pyproject.toml
	$(PYTHON) -m venv $(XBLOCK_VENV)
	$(XBLOCK_VENV)/bin/pip install -q --upgrade pip
	$(XBLOCK_VENV)/bin/pip install -q -e './xblock[test]'
	touch $@

$(TUTOR_VENV)/.ready: tutor-plugin/pyproject.toml
	$(PYTHON) -m venv $(TUTOR_VENV)
	$(TUTOR_VENV)/bin/pip install -q --upgrade pip
	$(TUTOR_VENV)/bin/pip install -q -e './tutor-plugin[test]'
	touch $@

# The browser test drives Debian's Chromium (never a downloaded browser build).
openedx-chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

test-xblock: $(XBLOCK_VENV)/.ready openedx-chromium ## XBlock: ruff, JS unit tests, pytest (+ browser test when the gateway jar is built)
	cd xblock && ../$(XBLOCK_VENV)/bin/ruff check . && ../$(XBLOCK_VENV)/bin/ruff format --check .
	node --test xblock/tests/js/
	cd xblock && ../$(XBLOCK_VENV)/bin/python -m pytest -q -rs

test-tutor: $(TUTOR_VENV)/.ready ## Tutor plugin: ruff, mypy --strict, pytest with the real tutor
	cd tutor-plugin && ../$(TUTOR_VENV)/bin/ruff check . && ../$(TUTOR_VENV)/bin/ruff format --check .
	cd tutor-plugin && ../$(TUTOR_VENV)/bin/mypy
	cd tutor-plugin && ../$(TUTOR_VENV)/bin/python -m pytest -q

.PHONY: openedx-chromium test-xblock test-tutor
