package org.ibal.functions.domain.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.ibal.functions.domain.ChatMessage;
import org.ibal.functions.domain.Connection;
import org.ibal.functions.domain.Ids;
import org.ibal.functions.domain.error.ModelUnavailableException;
import org.ibal.functions.domain.error.SessionNotFoundException;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.ChatModel.DeltaSink;
import org.ibal.functions.domain.port.ChatModel.ModelReply;
import org.ibal.functions.domain.port.ChatModel.ModelRequest;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.RunningReplies.RunningReply;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.SessionStore.Exchange;
import org.ibal.functions.domain.port.SessionStore.JobLookup;
import org.ibal.functions.domain.usage.UsageMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one reply: records the attempt as running (so {@code stop} can reach it from another invocation, and a
 * later attempt can take it over), asks the model with a cancellation backed by that record, sends the deltas as
 * coalesced {@code chunk} frames, stores the reply (marked {@code stopped} when it was) and sends the final
 * {@code message}. The reply id comes from the question ({@link Ids#reply}), so however many attempts run, one
 * reply is stored.
 */
public final class ReplyStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyStreamer.class);

    private final SessionStore sessions;
    private final RunningReplies running;
    private final ChatModel model;
    private final Streaming streaming;
    private final CoalescingDeltaSink.Scheduler scheduler;
    private final Clock clock;
    private final UsageMeter meter;

    /** @param meter meters each finished turn for its class's usage and budget */
    public ReplyStreamer(
            SessionStore sessions,
            RunningReplies running,
            ChatModel model,
            Streaming streaming,
            CoalescingDeltaSink.Scheduler scheduler,
            Clock clock,
            UsageMeter meter) {
        this.meter = meter;
        this.sessions = sessions;
        this.running = running;
        this.model = model;
        this.streaming = streaming;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Runs a job handed over by another invocation. Safe to run twice: a job that stored its reply, or whose attempt
     * runs already, does nothing; one whose connection is gone asks no model (the question stays stored; resending
     * it with the same clientMessageId asks again). A job whose reply another attempt stored meanwhile (its client
     * resent the question while the first attempt was finishing) sends that stored reply.
     *
     * @throws SessionNotFoundException when the question is gone (its session was deleted)
     */
    public void run(ReplyJob job, FrameSender out) {
        // The exchange and the connection in one read (the question's id comes from the reply's).
        JobLookup lookup = sessions.findForReply(
                job.sessionId(), job.clientMessageId(), Ids.question(job.replyId()), job.replyId(), job.connectionId());
        Optional<Exchange> exchange = lookup.exchange();
        if (exchange.isEmpty()) {
            throw new SessionNotFoundException();
        }
        if (exchange.get().reply() != null) {
            if (!job.attempt().equals(exchange.get().replyAttempt())) {
                // An earlier attempt finished meanwhile: this job's client asked again, so it gets that reply.
                out.send(new ServerFrame.Message(exchange.get().reply(), clock.instant()));
            }
            return;
        }
        Optional<Connection> connection =
                lookup.connection().filter(c -> c.principal().userId().equals(job.userId()));
        if (connection.isEmpty()) {
            return;
        }
        stream(connection.get(), exchange.get().userMessage(), job.replyId(), job.attempt(), false, out);
    }

    /**
     * Streams attempt {@code attempt} at the reply {@code replyId} to {@code userMessage}. An earlier attempt still
     * running is superseded (it stops at its next poll, storing and sending nothing more); this same attempt
     * delivered twice streams once.
     *
     * @throws ModelUnavailableException when the model fails (the question stays stored; nothing else is)
     */
    public void stream(
            Connection connection,
            ChatMessage userMessage,
            String replyId,
            String attempt,
            boolean recorded,
            FrameSender out) {
        String userId = connection.principal().userId();
        Instant started = clock.instant();
        if (!recorded
                && !running.start(new RunningReply(
                        userId,
                        replyId,
                        userMessage.id(),
                        userMessage.sessionId(),
                        connection.connectionId(),
                        started,
                        attempt))) {
            return;
        }
        StopFlag stop = new StopFlag(running, userId, replyId, attempt, clock, streaming.stopPollEvery());
        boolean finished = false;
        try {
            Instant replyAt = started.isAfter(userMessage.createdAt())
                    ? started
                    : userMessage.createdAt().plusMillis(1);
            ModelRequest request = new ModelRequest(
                    userMessage.sessionId(),
                    userMessage.content(),
                    history(userMessage),
                    connection.principal().course(),
                    stop);
            StringBuilder streamed = new StringBuilder();
            AtomicInteger sent = new AtomicInteger();
            DeltaSink chunks = chunks(replyId, userMessage.id(), out, sent);
            ModelReply reply;
            try {
                reply = ask(request, delta -> {
                    streamed.append(delta);
                    chunks.delta(delta);
                });
            } catch (RuntimeException failed) {
                if (stop.superseded()) {
                    LOG.info("reply {} taken over by a newer attempt; this one ends", replyId);
                    return;
                }
                throw failed;
            }
            if (stop.superseded()) {
                LOG.info("reply {} taken over by a newer attempt; this one ends", replyId);
                return;
            }
            boolean stopped = reply.stopped() || stop.stopped();
            // A stopped reply is what the user saw stream; a finished one is the model's own final text.
            String content = stopped ? streamed.toString() : reply.text();
            ChatMessage stored = new ChatMessage(
                    replyId,
                    userMessage.sessionId(),
                    ChatMessage.Role.ASSISTANT,
                    content,
                    replyAt,
                    null,
                    userMessage.id(),
                    stopped,
                    reply.sources(),
                    reply.followUps());
            // The running record is marked finished in the reply's own write.
            finished = sessions.recordReply(
                    stored,
                    userMessage.clientMessageId(),
                    attempt,
                    clock.instant(),
                    new RunningReplies.Finishing(userId, replyId, attempt));
            out.send(new ServerFrame.Message(stored, clock.instant()));
            meter.turnDone(connection, userMessage, request, reply, stored, sent.get(), started, clock.instant());
        } finally {
            if (!finished && !stop.superseded()) {
                finish(userId, replyId, attempt);
            }
        }
    }

    /**
     * Best effort: the reply is stored (or the failure reported) already. A record left unfinished harms nothing: a
     * stop that flags it flags a reply no one streams, and a resend starts a new attempt regardless.
     */
    private void finish(String userId, String replyId, String attempt) {
        try {
            running.finish(userId, replyId, attempt, clock.instant());
        } catch (RuntimeException storeHiccup) {
            LOG.warn("could not mark reply {} finished: {}", replyId, storeHiccup.toString());
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
            throw new ModelUnavailableException(
                    "the model failed: " + e.getClass().getSimpleName(), true, e);
        }
    }

    /** Chunk frames numbered from 0; the coalescing sink's timer may send them from its own thread. */
    private DeltaSink chunks(String replyId, String userMessageId, FrameSender out, AtomicInteger seq) {
        return delta ->
                out.send(new ServerFrame.Chunk(replyId, userMessageId, seq.getAndIncrement(), delta, clock.instant()));
    }

    private List<ChatMessage> history(ChatMessage current) {
        if (streaming.historyMessages() <= 0) {
            return List.of();
        }
        List<ChatMessage> newestFirst = sessions.listMessages(
                        current.sessionId(), streaming.historyMessages() + 1, null)
                .items();
        List<ChatMessage> oldestFirst = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (!newestFirst.get(i).id().equals(current.id())) {
                oldestFirst.add(newestFirst.get(i));
            }
        }
        return oldestFirst;
    }
}
