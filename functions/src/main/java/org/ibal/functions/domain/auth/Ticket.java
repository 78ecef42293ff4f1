package org.ibal.functions.domain.auth;

/** A one-time WebSocket ticket. */
public record Ticket(String ticket, long expiresIn) {}
