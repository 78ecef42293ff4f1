# Functions (functions/): the Lambdas. Their unit, handler and jar tests run inside test-java (`mvn verify`),
# so they are not added to TEST_SUITES a second time; these targets run them alone.
.PHONY: test-functions functions-jar

test-functions: jdk ## functions only: handlers on DynamoDB Local, FunctionInvoker, the jar (size, cold start)
	$(MVN) -pl functions -am verify

functions-jar: jdk ## build functions/target/ibal-functions.jar (the Lambda deployment jar)
	$(MVN) -pl functions -am -DskipTests package
