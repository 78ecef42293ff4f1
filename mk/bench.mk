# bench/compare: IBAL beside the seed's stack (Django Channels), same loader, same machine, one run.
.PHONY: bench-compare

COMPARE_SECONDS ?= 15
COMPARE_CLIENTS ?= 1 20 200
bench-compare: $(GATEWAY_JAR) $(FUNCTIONS_JAR) ## IBAL vs the seed stack at 1/20/200 clients (COMPARE_SECONDS, COMPARE_CLIENTS; IBAL_JVM_OPTS); writes bench/results/compare.{json,md,svg}
	bench/compare/run.sh $(COMPARE_SECONDS) "$(COMPARE_CLIENTS)"
