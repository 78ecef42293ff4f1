package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.ChatModel.DeltaSink;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.RunningReplies.RunningReply;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.SessionStore.Exchange;
import org.ibal.functions.domain.error.ModelUnavailableException;

/**
 * Streams one reply: records it as running (so {@code stop} can reach it from another invocation), asks the model
 * with a cancellation backed by the stored stop flag, sends the deltas as coalesced {@code chunk} frames, stores the
 * reply (marked {@code stopped} when it was) and sends the final {@code message}.
 */
public final class ReplyStreamer {
    private final SessionStore sessions;
    private final ConnectionStore connections;
    private final RunningReplies running;
    private final ChatModel model;
    private final Streaming streaming;
    private final CoalescingDeltaSink.Scheduler scheduler;
    private final Clock clock;

    public ReplyStreamer(SessionStore sessions, ConnectionStore connections, RunningReplies running, ChatModel model,
                         Streaming streaming, CoalescingDeltaSink.Scheduler scheduler, Clock clock) {
        this.sessions = sessions;
        this.connections = connections;
        this.running = running;
        this.model = model;
        this.streaming = streaming;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Runs a job handed over by another invocation. Safe to run twice: a job whose reply is stored, or was started
     * before, does nothing; nor does one whose session or connection is gone (the question stays stored, and
     * resending it with the same clientMessageId asks again).
     */
    public void run(ReplyJob job, FrameSender out) {
        Optional<Exchange> exchange = sessions.findExchange(job.sessionId(), job.clientMessageId());
        if (exchange.isEmpty() || exchange.get().reply() != null) {
            return;
        }
        Optional<Connection> connection = connections.find(job.connectionId())
                .filter(c -> c.principal().userId().equals(job.userId()));
        if (connection.isEmpty()) {
            return;
        }
        stream(connection.get(), exchange.get().userMessage(), job.replyId(), out);
    }

    /**
     * Streams the reply {@code replyId} to {@code userMessage}; does nothing if that reply was started before.
     *
     * @throws ModelUnavailableException when the model fails (the question stays stored; nothing else is)
     */
    public void stream(Connection connection, ChatMessage userMessage, String replyId, FrameSender out) {
        String userId = connection.principal().userId();
        Instant started = clock.instant();
        if (!running.start(new RunningReply(userId, replyId, userMessage.id(), userMessage.sessionId(),
                connection.connectionId(), started))) {
            return;
        }
        try {
            Instant replyAt = started.isAfter(userMessage.createdAt()) ? started : userMessage.createdAt().plusMillis(1);
            StopFlag stop = new StopFlag(running, userId, replyId, clock, streaming.stopPollEvery());
            ModelRequest request = new ModelRequest(userMessage.sessionId(), userMessage.content(),
                    history(userMessage), connection.principal().course(), stop);
            StringBuilder streamed = new StringBuilder();
            DeltaSink chunks = chunks(replyId, userMessage.id(), out);
            ModelReply reply = ask(request, delta -> {
                streamed.append(delta);
                chunks.delta(delta);
            });
            boolean stopped = reply.stopped() || stop.stopped();
            // A stopped reply is what the user saw stream; a finished one is the model's own final text.
            String content = stopped ? streamed.toString() : reply.text();
            ChatMessage stored = new ChatMessage(replyId, userMessage.sessionId(), ChatMessage.Role.ASSISTANT,
                    content, replyAt, null, userMessage.id(), stopped, reply.sources(), reply.followUps());
            sessions.recordReply(stored, userMessage.clientMessageId(), clock.instant());
            out.send(new ServerFrame.Message(stored, clock.instant()));
        } finally {
            running.finish(userId, replyId, clock.instant());
        }
    }

    /** Streams through the coalescing sink, flushing what it holds before the final message (or the error). */
    private ModelReply ask(ModelRequest request, DeltaSink chunks) {
        if (streaming.coalesceWindow().isZero()) {
            return callModel(request, chunks);
        }
        CoalescingDeltaSink coalescing = new CoalescingDeltaSink(chunks, streaming.coalesceWindow(), clock, scheduler);
        ModelReply reply;
        try {
            reply = callModel(request, coalescing);
        } catch (RuntimeException failed) {
            try {
                coalescing.close();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        coalescing.close();
        return reply;
    }

    private ModelReply callModel(ModelRequest request, DeltaSink sink) {
        try {
            return model.stream(request, sink);
        } catch (ModelUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelUnavailableException("the model failed: " + e.getClass().getSimpleName(), true, e);
        }
    }

    /** Chunk frames numbered from 0; the coalescing sink's timer may send them from its own thread. */
    private DeltaSink chunks(String replyId, String userMessageId, FrameSender out) {
        AtomicInteger seq = new AtomicInteger();
        return delta -> out.send(new ServerFrame.Chunk(replyId, userMessageId, seq.getAndIncrement(), delta,
                clock.instant()));
    }

    private List<ChatMessage> history(ChatMessage current) {
        if (streaming.historyMessages() <= 0) {
            return List.of();
        }
        List<ChatMessage> newestFirst = sessions.listMessages(current.sessionId(), streaming.historyMessages() + 1,
                null).items();
        List<ChatMessage> oldestFirst = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (!newestFirst.get(i).id().equals(current.id())) {
                oldestFirst.add(newestFirst.get(i));
            }
        }
        return oldestFirst;
    }
}
