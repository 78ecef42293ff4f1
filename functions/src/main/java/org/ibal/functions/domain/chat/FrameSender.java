package org.ibal.functions.domain.chat;

/** Where the frames of one request go: the caller's connection. */
@FunctionalInterface
public interface FrameSender {
    void send(ServerFrame frame);
}
