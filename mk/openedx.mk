# Open edX: the IBAL XBlock (xblock/) and the Tutor plugin (tutor-plugin/).
# Two venvs: the xblock-sdk workbench needs Django 4.2 (django-pyfs), tutor needs no Django,
# and neither should constrain the other.
XBLOCK_VENV := .venv-xblock
TUTOR_VENV := .venv-tutor

TEST_SUITES += test-xblock test-tutor

# The XBlock's protocol client is the web app's (frontend/src/embed), built by Vite in library
# mode into the XBlock's static assets; xblock/setup.py builds it the same way whenever pip
# builds the package, so the wheel ships it.
XBLOCK_BUNDLE := xblock/ibal_xblock/static/js/build/ibal-chat.js
XBLOCK_BUNDLE_SOURCES := $(shell find frontend/src -name '*.ts' -not -name '*.test.ts') \
  frontend/vite.embed.config.ts frontend/package-lock.json

$(XBLOCK_BUNDLE): $(FRONTEND_DEPS) $(XBLOCK_BUNDLE_SOURCES)
	cd $(FRONTEND) && npm run build:xblock

xblock-bundle: $(XBLOCK_BUNDLE) ## build the XBlock's copy of the protocol client (frontend/src/embed)

xblock-wheel: $(XBLOCK_VENV)/.ready ## the XBlock's wheel, with the built client, into xblock/dist
	$(XBLOCK_VENV)/bin/pip wheel --no-deps -q -w xblock/dist ./xblock

$(XBLOCK_VENV)/.ready: xblock/pyproject.toml xblock/setup.py $(FRONTEND_DEPS)
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

test-xblock: $(XBLOCK_VENV)/.ready $(XBLOCK_BUNDLE) openedx-chromium ## XBlock: ruff, JS unit tests, pytest (+ browser test when the gateway jar is built)
	cd xblock && ../$(XBLOCK_VENV)/bin/ruff check . && ../$(XBLOCK_VENV)/bin/ruff format --check .
	node --test xblock/tests/js/
	cd xblock && ../$(XBLOCK_VENV)/bin/python -m pytest -q -rs

test-tutor: $(TUTOR_VENV)/.ready ## Tutor plugin: ruff, mypy --strict, pytest with the real tutor
	cd tutor-plugin && ../$(TUTOR_VENV)/bin/ruff check . && ../$(TUTOR_VENV)/bin/ruff format --check .
	cd tutor-plugin && ../$(TUTOR_VENV)/bin/mypy
	cd tutor-plugin && ../$(TUTOR_VENV)/bin/python -m pytest -q

.PHONY: openedx-chromium test-xblock test-tutor xblock-bundle xblock-wheel
