package org.ibal.gateway.web;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Hands a request to its handler only when it came in on one listener (connector); else passes it on. */
public final class OnConnector extends Handler.Wrapper {
    private final Connector connector;

    public OnConnector(Connector connector, Handler handler) {
        super(handler);
        this.connector = connector;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return request.getConnectionMetaData().getConnector() == connector && super.handle(request, response, callback);
    }
}
