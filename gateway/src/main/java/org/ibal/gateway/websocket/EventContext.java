package org.ibal.gateway.websocket;

/** What every WebSocket event's requestContext shares: the API, its stage, and this instance's address. */
record EventContext(String apiId, String stage, String domainName) {}
