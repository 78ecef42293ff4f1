# Frontend (frontend/): React + TypeScript + Vite. Included by the root Makefile.
FRONTEND := frontend
FRONTEND_DEPS := $(FRONTEND)/node_modules/.package-lock.json

.PHONY: frontend-build test-frontend test-e2e

TEST_SUITES += test-frontend test-e2e

# npm ci only when node_modules is missing or older than the lock file.
$(FRONTEND_DEPS): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	@touch $@

frontend-build: $(FRONTEND_DEPS) ## build the single-page app into frontend/dist
	cd $(FRONTEND) && npm run build

test-frontend: $(FRONTEND_DEPS) ## frontend: lint, typecheck, unit tests, build, bundle-size budget
	cd $(FRONTEND) && npm run lint
	cd $(FRONTEND) && npm run typecheck
	cd $(FRONTEND) && npm test
	cd $(FRONTEND) && npm run build
	cd $(FRONTEND) && npm run size

# The browser suite drives Debian's Chromium (apt-get install chromium) against the real gateway jar.
test-e2e: jdk frontend-build ## browser end-to-end: Chromium against the real gateway (in-memory store, demo model)
	@test -f $(GATEWAY_JAR) -a -f $(FUNCTIONS_JAR) || $(MVN) -q -DskipTests package
	cd $(FRONTEND) && npm run test:e2e
