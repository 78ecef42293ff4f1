import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * One cold start, as the Lambda Java runtime does it: a fresh JVM constructs the handler class (the init
 * phase), then hands it one {@code $connect} event as JSON bytes. Only the deployment jar and this class
 * are on the classpath. Args: access token, result file. Writes the timings there as one JSON object.
 */
public final class ColdStart {
    private static final Pattern STATUS = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        String token = args[0];
        Path result = Path.of(args[1]);
        byte[] event = connectEvent(token).getBytes(StandardCharsets.UTF_8);

        long initStart = System.currentTimeMillis();
        FunctionInvoker handler = new FunctionInvoker();
        long invokeStart = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, new BenchContext());
        long handled = System.currentTimeMillis();

        String response = out.toString(StandardCharsets.UTF_8);
        Matcher status = STATUS.matcher(response);
        if (!status.find() || !status.group(1).equals("200")) {
            System.err.println("bench-coldstart: $connect was not accepted: " + response);
            System.exit(2);
        }
        Files.writeString(result, String.format(
                "{\"jvmStartToFirstEventMs\":%d,\"jvmStartToMainMs\":%d,\"initMs\":%d,\"firstInvokeMs\":%d}%n",
                handled - jvmStart, initStart - jvmStart, invokeStart - initStart, handled - invokeStart));
    }

    /** What API Gateway sends for a WebSocket handshake with ?token=... */
    private static String connectEvent(String token) {
        long now = System.currentTimeMillis();
        String connectionId = UUID.randomUUID().toString().substring(0, 12) + "=";
        String domain = "bench0001.execute-api.us-east-1.amazonaws.com";
        return """
                {"headers":{"Host":"%1$s","Sec-WebSocket-Version":"13","Sec-WebSocket-Key":"dGhlIHNhbXBsZSBub25jZQ=="},
                 "multiValueHeaders":{"Host":["%1$s"]},
                 "queryStringParameters":{"token":"%2$s"},
                 "multiValueQueryStringParameters":{"token":["%2$s"]},
                 "requestContext":{"routeKey":"$connect","eventType":"CONNECT","messageDirection":"IN",
                   "extendedRequestId":"%3$s","requestTime":"24/Nov/2026:09:00:00 +0000","stage":"prod",
                   "connectedAt":%4$d,"requestTimeEpoch":%4$d,
                   "identity":{"sourceIp":"203.0.113.7","userAgent":"bench-coldstart"},
                   "requestId":"%3$s","domainName":"%1$s","connectionId":"%5$s","apiId":"bench0001"},
                 "isBase64Encoded":false}
                """.formatted(domain, token, UUID.randomUUID(), now, connectionId);
    }

    private static final class BenchContext implements Context {
        private final String requestId = UUID.randomUUID().toString();

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/bench-connect";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "bench-connect";
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:bench-connect:live";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
