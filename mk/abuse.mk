# abuse/: the black-box abuse suite (issue 9) — a learner, a script and a flaky network attacking the real gateway
# jar and functions, DynamoDB Local as its own process, and two replicas behind the real Caddy (infra/Caddyfile),
# with Chromium (Debian's) for the web app. `make soak` measures the replay flood with 2,000 idle connections.
ABUSE := abuse
ABUSE_DEPS := $(ABUSE)/node_modules/.package-lock.json

.PHONY: test-abuse soak

TEST_SUITES += test-abuse

# npm ci only when node_modules is missing or older than the lock file; never a browser download.
$(ABUSE_DEPS): $(ABUSE)/package-lock.json
	cd $(ABUSE) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

test-abuse: $(GATEWAY_JAR) $(FUNCTIONS_JAR) frontend-build $(ABUSE_DEPS) ## abuse suite: every finding of issue 9 against the real gateway, Caddy and Chromium
	cd $(ABUSE) && nice -n 5 node run.mjs

soak: $(GATEWAY_JAR) $(FUNCTIONS_JAR) $(ABUSE_DEPS) ## opt-in: replay flood + 2,000 idle connections on a fresh gateway (SOAK_SECONDS=30); writes abuse/results/soak.json
	cd $(ABUSE) && node soak.mjs
