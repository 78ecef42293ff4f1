/**
 * LocalStack starts DynamoDB Local with {@code -javaagent:ddb-local-loader-0.1.jar}, an agent it would download
 * from GitHub whose only job is to lift DynamoDB Local's limit of 20 global secondary indexes per table. IBAL's
 * table has one, so this agent does nothing: it only has to exist. localstack/localstack-local compiles it.
 */
public final class NoopAgent {
    private NoopAgent() {
    }

    public static void premain(String arguments) {
        // Nothing to change: IBAL never needs more than 20 GSIs.
    }
}
