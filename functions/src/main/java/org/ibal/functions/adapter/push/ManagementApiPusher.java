package org.ibal.functions.adapter.push;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.ibal.functions.domain.chat.ServerFrame;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.Pusher;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * Pushes frames with the Management API's PostToConnection, to the configured endpoint (API Gateway on AWS, the
 * gateway's internal listener locally and self-hosted, which forwards to the replica holding the connection). One
 * client per endpoint, kept for the life of the instance. A 410 Gone means the client left without $disconnect reaching us: the connection is forgotten.
 */
public final class ManagementApiPusher implements Pusher, AutoCloseable {
    private final ConnectionStore connections;
    private final Function<ServerFrame, String> encoder;
    private final Function<URI, ApiGatewayManagementApiClient> clientFactory;
    private final Map<String, ApiGatewayManagementApiClient> clients = new ConcurrentHashMap<>();

    public ManagementApiPusher(
            ConnectionStore connections,
            Function<ServerFrame, String> encoder,
            Function<URI, ApiGatewayManagementApiClient> clientFactory) {
        this.connections = connections;
        this.encoder = encoder;
        this.clientFactory = clientFactory;
    }

    @Override
    public Delivery push(String endpoint, String connectionId, ServerFrame frame) {
        ApiGatewayManagementApiClient client =
                clients.computeIfAbsent(endpoint, e -> clientFactory.apply(URI.create(e)));
        try {
            client.postToConnection(
                    b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String(encoder.apply(frame))));
            return Delivery.DELIVERED;
        } catch (GoneException gone) {
            return forget(connectionId);
        } catch (ApiGatewayManagementApiException e) {
            // A 410 without x-amzn-ErrorType (some self-hosted gateways) is still Gone.
            if (e.statusCode() == 410) {
                return forget(connectionId);
            }
            throw e;
        }
    }

    @Override
    public void disconnect(String endpoint, String connectionId) {
        ApiGatewayManagementApiClient client =
                clients.computeIfAbsent(endpoint, e -> clientFactory.apply(URI.create(e)));
        try {
            client.deleteConnection(b -> b.connectionId(connectionId));
        } catch (GoneException gone) {
            // Closed already.
        } catch (ApiGatewayManagementApiException e) {
            if (e.statusCode() != 410) {
                throw e;
            }
        }
        connections.delete(connectionId);
    }

    private Delivery forget(String connectionId) {
        connections.delete(connectionId);
        return Delivery.GONE;
    }

    @Override
    public void close() {
        clients.values().forEach(ApiGatewayManagementApiClient::close);
        clients.clear();
    }
}
