# infra/ (self-hosting): the real Caddy in front of two gateway replicas on one store.
.PHONY: test-infra

TEST_SUITES += test-infra

test-infra: $(GATEWAY_JAR) $(FUNCTIONS_JAR) ## self-hosted topology: Caddyfile + compose validated, chats through real Caddy
	infra/test/self-hosted-test
