# LocalStack (localstack/README.md): the AWS surface besides API Gateway and Lambda (DynamoDB, SSM, S3, IAM,
# CloudFormation), checked against an independent implementation of it.
.PHONY: test-localstack localstack-start localstack-stop localstack-up

TEST_SUITES += test-localstack

LOCALSTACK := localstack/localstack-local
IBAL_LOCALSTACK_PORT ?= 4566
export IBAL_LOCALSTACK_PORT

# With a Docker engine the suites start their own LocalStack (Testcontainers); without one, the pinned community
# runtime runs as a host process (installed under .ibal/localstack on first use), and is stopped afterwards unless
# it was running before.
test-localstack: jdk venv $(DEPLOY_TOOLS) ## LocalStack suites: DynamoDB contract, SSM signing key, template on CloudFormation, frontend on S3, chat end to end
	$(VENV)/bin/shellcheck $(LOCALSTACK)
	$(VENV)/bin/python -m py_compile localstack/ibal_stack.py localstack/init/ready.d/*.py
	@if docker info >/dev/null 2>&1; then \
	  echo "test-localstack: a Docker engine answers; the suites start LocalStack with Testcontainers"; \
	  $(MVN) -pl functions,gateway -am verify -Dgroups=localstack; \
	else \
	  was_running=$$($(LOCALSTACK) status >/dev/null 2>&1 && echo yes); \
	  $(LOCALSTACK) start || exit 1; \
	  eval "$$($(LOCALSTACK) env)"; \
	  $(MVN) -pl functions,gateway -am verify -Dgroups=localstack; status=$$?; \
	  [ -n "$$was_running" ] || $(LOCALSTACK) stop; \
	  exit $$status; \
	fi

localstack-start: ## start LocalStack on 127.0.0.1:4566 without Docker (installs it under .ibal/ on first use)
	$(LOCALSTACK) start

localstack-stop: ## stop the LocalStack that localstack-start or make run STORE=localstack started
	$(LOCALSTACK) stop

# make run STORE=localstack: the gateway serves the APIs and the app and runs the functions; the table, the SSM
# SecureString holding the signing key and the bucket the app is uploaded to are LocalStack's.
localstack-up: jdk frontend-dist
	$(LOCALSTACK) up >/dev/null

ifeq ($(STORE),localstack)
export IBAL_STORE := http://127.0.0.1:$(IBAL_LOCALSTACK_PORT)
export IBAL_CONFIG := .ibal/localstack/gateway.properties
run: localstack-up
endif
