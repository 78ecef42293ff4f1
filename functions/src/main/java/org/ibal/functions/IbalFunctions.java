package org.ibal.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.function.Function;
import org.ibal.functions.config.Wiring;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.FunctionalSpringApplication;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Lambda application: registers the four function beans functionally (no classpath scanning). On Lambda the
 * handler is {@code org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest} and
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} names the bean; the local gateway uses {@code new FunctionInvoker(name)}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
public class IbalFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    public static final String CONNECT = "connect";
    public static final String CHAT = "chat";
    public static final String DISCONNECT = "disconnect";
    public static final String HTTP_API = "httpApi";

    private static final Type WEBSOCKET =
            FunctionTypeUtils.functionType(APIGatewayV2WebSocketEvent.class, APIGatewayV2WebSocketResponse.class);
    /** The chat bean takes the event as a Message: its headers carry Lambda's Context (the function's own ARN). */
    private static final Type WEBSOCKET_MESSAGE = FunctionTypeUtils.functionType(
            ResolvableType.forClassWithGenerics(Message.class, APIGatewayV2WebSocketEvent.class)
                    .getType(),
            APIGatewayV2WebSocketResponse.class);
    /** The header under which Spring Cloud Function's FunctionInvoker passes the Lambda Context. */
    private static final String AWS_CONTEXT = "aws-context";

    /** Spring Cloud Function's property for the function a context serves (SPRING_CLOUD_FUNCTION_DEFINITION). */
    private static final String DEFINITION = "spring.cloud.function.definition";
    /** The functions whose first request neither checks nor signs a token. */
    private static final Set<String> NO_TOKEN_FIRST = Set.of(CHAT, DISCONNECT);

    private static final Type HTTP =
            FunctionTypeUtils.functionType(APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class);

    public static void main(String[] args) {
        FunctionalSpringApplication.run(IbalFunctions.class, args);
    }

    @Override
    public void initialize(GenericApplicationContext context) {
        // Spring Cloud Function builds its JSON mapper from this one: responses then leave out null fields
        // (as the Lambda runtime's own serializer does) instead of sending "cookies":null to API Gateway.
        context.registerBean(
                ObjectMapper.class,
                () -> JsonMapper.builder()
                        .changeDefaultPropertyInclusion(
                                inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                        .build());
        // One composition root per context, built on first use and closed with the context. Its signing key is warmed
        // up in the background unless the context serves a function whose first request does not use it (none named:
        // the context serves them all).
        context.registerBean(
                Wiring.class,
                () -> Wiring.fromSettings(
                        context.getEnvironment()::getProperty,
                        !NO_TOKEN_FIRST.contains(context.getEnvironment().getProperty(DEFINITION, ""))));
        register(
                context, CONNECT, WEBSOCKET, () -> context.getBean(Wiring.class).connectHandler());
        register(context, CHAT, WEBSOCKET_MESSAGE, () -> {
            var chat = context.getBean(Wiring.class).chatHandler();
            return (Function<Message<APIGatewayV2WebSocketEvent>, APIGatewayV2WebSocketResponse>)
                    message -> chat.handle(
                            message.getPayload(),
                            message.getHeaders().get(AWS_CONTEXT) instanceof Context lambda
                                    ? lambda.getInvokedFunctionArn()
                                    : null);
        });
        register(
                context,
                DISCONNECT,
                WEBSOCKET,
                () -> context.getBean(Wiring.class).disconnectHandler());
        register(context, HTTP_API, HTTP, () -> context.getBean(Wiring.class).httpApiHandler());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void register(
            GenericApplicationContext context,
            String name,
            Type type,
            java.util.function.Supplier<Function<?, ?>> handler) {
        context.registerBean(
                name, FunctionRegistration.class, () -> new FunctionRegistration(handler.get(), name).type(type));
    }
}
