package dev.baton.agent.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.client.http.HttpTransport;
import dev.baton.client.http.JsonResponse;
import dev.baton.client.http.TransportException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * One request of a protocol client through the run's transport. No answer because of the network is an
 * {@link IOException}, which the {@link LockWaiter} retries; no answer because of TLS or the URL's scheme (an
 * untrusted certificate, {@code http://} to a TLS port) is a {@link LockException}: retrying cannot cure it.
 */
final class Exchanges {

    private Exchanges() {
    }

    static JsonResponse send(HttpTransport transport, String method, URI uri, JsonNode body, Map<String, String> headers)
            throws IOException, LockException {
        try {
            return transport.send(method, uri, body, headers, null);
        } catch (TransportException e) {
            if (e.permanent()) {
                throw new LockException(e.getMessage());
            }
            throw e;
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
