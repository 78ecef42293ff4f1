# Model providers (functions/src/main/java/org/ibal/functions/adapter/model/README.md).
# Opt-in, not in TEST_SUITES: it installs a real Flowise (~2.8 GB under .ibal/) on first run.

IBAL_FLOWISE_PORT ?= 3100
IBAL_OPENAI_STANDIN_PORT ?= 3101
export IBAL_FLOWISE_PORT IBAL_OPENAI_STANDIN_PORT

.PHONY: test-flowise flowise-local flowise-stop

test-flowise: jdk ## opt-in: the Flowise adapter against a real local Flowise 3.1.0 (installs it on first run)
	@chatflow=$$(scripts/flowise-local start) && \
	IBAL_REAL_FLOWISE_URL=http://127.0.0.1:$(IBAL_FLOWISE_PORT) \
	IBAL_REAL_FLOWISE_CHATFLOW_ID=$$chatflow \
	IBAL_OPENAI_STANDIN_URL=http://127.0.0.1:$(IBAL_OPENAI_STANDIN_PORT) \
	$(MVN) -q -pl functions -am -Dtest=RealFlowiseTest -Dsurefire.failIfNoSpecifiedTests=false test

flowise-local: ## start a local Flowise + stand-in LLM and print its chatflow id (MODEL_PROVIDER=flowise)
	@scripts/flowise-local start

flowise-stop: ## stop the local Flowise and its stand-in LLM
	@scripts/flowise-local stop
