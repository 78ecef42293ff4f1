package org.ibal.gateway.websocket;

import java.time.Duration;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.internal.PerMessageDeflateExtension;

/**
 * permessage-deflate (RFC 7692, what every browser negotiates) whose frames may inflate to anything the message
 * limit allows.
 *
 * <p>Jetty's extension inflates each compressed frame into a working buffer of at most 8 KB and, when the data does
 * not fit, passes it on in several pieces — but only if the session auto-fragments. The gateway turns
 * auto-fragmenting off, so that Jetty's parser refuses a wire frame over the frame limit (1009) as API Gateway does
 * instead of splitting it. Jetty's extension reads that same flag, so every compressed frame that inflated past 8 KB
 * (3,000 CJK characters) closed the connection with 1009 "Inflated payload exceeded the decompress buffer size", and
 * every outgoing frame that still took more than 8 KB compressed failed to send.
 *
 * <p>This extension lets only the extension's own pieces be split: it sees the session's configuration with
 * auto-fragmenting on. What arrives on the wire is still checked against the frame limit by the parser, before
 * inflation, and what it inflates to against the message limit (128 KB), which also bounds a deflate bomb.
 */
public final class PerMessageDeflate extends PerMessageDeflateExtension {
    /** The name Jetty registers it under, replacing its own. */
    public static final String NAME = "permessage-deflate";

    private volatile Configuration view;

    @Override
    protected Configuration getConfiguration() {
        Configuration current = view;
        if (current == null) {
            current = new SplittingItsOwnPieces(super.getConfiguration());
            view = current;
        }
        return current;
    }

    /** The session's settings, read through, except that the extension may split what it inflates or deflates. */
    private record SplittingItsOwnPieces(Configuration session) implements Configuration {
        @Override
        public boolean isAutoFragment() {
            return true;
        }

        @Override
        public void setAutoFragment(boolean autoFragment) {
            throw new UnsupportedOperationException("the session's setting is not the extension's to change");
        }

        @Override
        public Duration getIdleTimeout() {
            return session.getIdleTimeout();
        }

        @Override
        public void setIdleTimeout(Duration timeout) {
            session.setIdleTimeout(timeout);
        }

        @Override
        public long getMaxFrameSize() {
            return session.getMaxFrameSize();
        }

        @Override
        public void setMaxFrameSize(long size) {
            session.setMaxFrameSize(size);
        }

        @Override
        public int getOutputBufferSize() {
            return session.getOutputBufferSize();
        }

        @Override
        public void setOutputBufferSize(int size) {
            session.setOutputBufferSize(size);
        }

        @Override
        public int getInputBufferSize() {
            return session.getInputBufferSize();
        }

        @Override
        public void setInputBufferSize(int size) {
            session.setInputBufferSize(size);
        }

        @Override
        public long getMaxBinaryMessageSize() {
            return session.getMaxBinaryMessageSize();
        }

        @Override
        public void setMaxBinaryMessageSize(long size) {
            session.setMaxBinaryMessageSize(size);
        }

        @Override
        public long getMaxTextMessageSize() {
            return session.getMaxTextMessageSize();
        }

        @Override
        public void setMaxTextMessageSize(long size) {
            session.setMaxTextMessageSize(size);
        }

        @Override
        public int getMaxOutgoingFrames() {
            return session.getMaxOutgoingFrames();
        }

        @Override
        public void setMaxOutgoingFrames(int frames) {
            session.setMaxOutgoingFrames(frames);
        }
    }
}
