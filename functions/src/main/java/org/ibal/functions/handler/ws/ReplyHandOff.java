package org.ibal.functions.handler.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import java.util.Locale;
import org.ibal.functions.domain.chat.FrameSender;
import org.ibal.functions.domain.chat.PendingReply;
import org.ibal.functions.domain.chat.ReplyJob;
import org.ibal.functions.domain.chat.ReplyStreamer;
import org.ibal.functions.domain.port.AsyncInvoker;

/**
 * Where a reply streams. API Gateway gives up on a route's integration after 29 s, so on AWS the {@code sendMessage}
 * route only stores and acks the question, then queues a job for an asynchronous invocation of this same function
 * (named by the invocation's own ARN, so the job lands on the same alias), which may stream for the function's
 * whole timeout. {@code inline} streams within the route's invocation: simpler, for tests and small setups.
 */
public final class ReplyHandOff {
    public enum Mode {
        INLINE,
        ASYNC;

        /** @throws IllegalStateException naming the setting for anything but inline / async */
        public static Mode parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("REPLY_MODE must be inline or async, not \"" + value + "\"");
            }
        }
    }

    private final ReplyStreamer streamer;
    private final AsyncInvoker invoker;
    private final Mode mode;
    private final String ownFunctionName;

    /** @param ownFunctionName the target when the invocation's context is unknown ({@code AWS_LAMBDA_FUNCTION_NAME}) */
    public ReplyHandOff(ReplyStreamer streamer, AsyncInvoker invoker, Mode mode, String ownFunctionName) {
        this.streamer = streamer;
        this.invoker = invoker;
        this.mode = mode;
        this.ownFunctionName = ownFunctionName;
    }

    /**
     * Streams the reply now, or queues it.
     *
     * @param invokedFunction the ARN this invocation was invoked as (Lambda's context), or null
     */
    void start(PendingReply reply, APIGatewayV2WebSocketEvent origin, String invokedFunction, FrameSender out) {
        String target = target(invokedFunction);
        if (target == null) {
            streamer.stream(
                    reply.connection(),
                    reply.question(),
                    reply.job().replyId(),
                    reply.job().attempt(),
                    reply.running(),
                    out);
            return;
        }
        var context = origin.getRequestContext();
        invoker.invokeAsync(
                target,
                ReplyJobEvents.encode(
                        reply.job(), context.getRequestId() + "-reply", context.getDomainName(), context.getStage()));
    }

    /** Whether {@link #start} streams in this invocation (else it queues a job). */
    boolean streamsHere(String invokedFunction) {
        return target(invokedFunction) == null;
    }

    /** The function a job goes to, or null to stream here. */
    private String target(String invokedFunction) {
        String target = invokedFunction != null ? invokedFunction : ownFunctionName;
        return mode == Mode.INLINE ? null : target;
    }

    /** Runs a job this function queued for itself. */
    void run(ReplyJob job, FrameSender out) {
        streamer.run(job, out);
    }
}
