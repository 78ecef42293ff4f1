# gateway/ (the local API Gateway) and bench/ (its load generator).
.PHONY: run bench gateway-jar frontend-dist

GATEWAY_SOURCES := $(shell find gateway/src/main -type f 2>/dev/null) gateway/pom.xml
FUNCTIONS_SOURCES := $(shell find functions/src/main -type f 2>/dev/null) functions/pom.xml

# The gateway module declares a test dependency on the functions (reactor order), so both build together.
$(GATEWAY_JAR) $(FUNCTIONS_JAR) &: $(GATEWAY_SOURCES) $(FUNCTIONS_SOURCES) pom.xml | jdk
	$(MVN) -q -pl gateway -am -DskipTests package

gateway-jar: $(GATEWAY_JAR)

# Built only when missing: `npm run build` in frontend/ refreshes it.
frontend-dist:
	@if [ -f frontend/package.json ] && [ ! -f frontend/dist/index.html ]; then \
	  echo "building the frontend (npm ci && npm run build in frontend/)"; \
	  cd frontend && npm ci && npm run build; \
	fi

# With FLOWISE_URL set (and FLOWISE_CHATFLOW_ID), replies come from Flowise instead of the demo model.
run: $(GATEWAY_JAR) $(FUNCTIONS_JAR) frontend-dist ## start everything on http://localhost:8080 (demo model, or Flowise if FLOWISE_URL is set; history kept in .ibal/)
	@[ -n "$${ADMIN_USERNAMES:-}" ] || echo "console: no admin named; to run the class console as one: ADMIN_USERNAMES=you make run"
	MODEL_PROVIDER=$${MODEL_PROVIDER:-$$( [ -n "$${FLOWISE_URL:-}" ] && echo flowise || echo demo )} \
	DEMO_MODEL_DELAY_MS=$${DEMO_MODEL_DELAY_MS:-30} IBAL_STORE=$${IBAL_STORE:-file} \
	  exec "$(JAVA_HOME)/bin/java" -XX:+UseSerialGC -jar $(GATEWAY_JAR)

# N concurrent clients through the full path against a fresh in-memory gateway on 127.0.0.1.
BENCH_CLIENTS ?= 1000
BENCH_SECONDS ?= 20
BENCH_MODE ?= full
# The demo model's pause per delta: 0 measures the path alone (the issue's setting); with some (e.g. 20),
# chunks coalesce deltas as they would with a real model.
BENCH_MODEL_DELAY_MS ?= 0
bench: $(GATEWAY_JAR) $(FUNCTIONS_JAR) ## load-test gateway + functions (BENCH_CLIENTS, BENCH_SECONDS, BENCH_MODE=full|gateway, BENCH_MODEL_DELAY_MS); writes bench/results/
	"$(JAVA_HOME)/bin/java" bench/src/Bench.java --clients $(BENCH_CLIENTS) --seconds $(BENCH_SECONDS) \
	  --mode $(BENCH_MODE) --model-delay-ms $(BENCH_MODEL_DELAY_MS) --jar $(GATEWAY_JAR) --out bench/results
