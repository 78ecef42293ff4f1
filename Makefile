# IBAL — `make run` starts the whole stack on http://localhost:8080; `make test` runs every suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A JDK >= 21 to build with (scripts/find-jdk explains what to install when there is none).
JAVA_HOME := $(shell scripts/find-jdk 2>/dev/null)
export JAVA_HOME
MVN := ./mvnw -B -ntp
VENV := .venv
PYTHON ?= python3

FUNCTIONS_JAR := functions/target/ibal-functions.jar
GATEWAY_JAR := gateway/target/ibal-gateway.jar

.PHONY: help build run test test-java test-frontend test-e2e test-xblock test-tutor \
        bench bench-coldstart lint clean jdk venv

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

jdk:
	@test -n "$(JAVA_HOME)" || { scripts/find-jdk; exit 1; }

build: jdk ## build the functions jar, the gateway and the frontend
	$(MVN) -DskipTests package
	$(MAKE) frontend-build

# Each area adds its targets and its suites to TEST_SUITES in mk/<area>.mk.
TEST_SUITES := test-java
-include mk/*.mk

test: $(TEST_SUITES) ## every suite: Java (unit + gateway e2e), frontend, browser e2e, XBlock, Tutor plugin
	@echo "make test: all suites passed ($(TEST_SUITES))"

test-java: jdk ## Java: functions against DynamoDB Local, gateway end-to-end
	$(MVN) verify

bench-coldstart: jdk ## cold start of a fresh JVM handling its first $$connect (prints, writes JSON)
	$(MVN) -q -DskipTests package
	scripts/bench-coldstart

venv: $(VENV)/.ready
$(VENV)/.ready:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	touch $@

clean: ## remove build output (keeps .ibal/ data)
	$(MVN) -q clean
