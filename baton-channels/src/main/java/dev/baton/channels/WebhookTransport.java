package dev.baton.channels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.DeliveryException;
import dev.baton.notify.Frequency;
import dev.baton.notify.Message;
import dev.baton.notify.Notice;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A web hook: the message as a JSON POST, signed as {@link WebhookSignature} says. Any 2xx answer within
 * {@link #TIMEOUT} is a sent message; anything else (another status, a refused connection, a timeout) fails
 * the try, and the outbox retries.
 *
 * <p>The body: {@code {"delivery": ID, "digest": "immediately"|"hourly"|"daily", "subject": ..., "text": ...,
 * "notices": [{"kind", "subject", "title", "body", "at", "dedupe_key"}, ...]}}, except for a single notice that
 * carries its own {@link Notice#webhookBody() webhook body} (an advisory's announcement from the site's template):
 * then exactly that body, byte for byte. In a digest such a notice's body is its entry's {@code "webhook_body"}.
 */
final class WebhookTransport {

    /** Connecting and answering, each. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final InstantSource clock;

    WebhookTransport(InstantSource clock) {
        this.clock = clock;
    }

    void send(ChannelConfig.Webhook hook, Message message) {
        byte[] body = body(message);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Baton-Webhook/1")
                .header(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE, WebhookSignature.sign(hook.secret().value(), timestamp, body))
                .header(WebhookSignature.DELIVERY, message.deliveryId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("web hook " + where(hook) + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new DeliveryException("web hook " + where(hook) + " could not be reached: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while sending to web hook " + where(hook));
        }
        if (status < 200 || status > 299) {
            throw new DeliveryException("web hook " + where(hook) + " answered HTTP " + status);
        }
    }

    static byte[] body(Message m) {
        if (m.digest() == Frequency.IMMEDIATELY && m.notices().size() == 1 && m.notices().getFirst().webhookBody() != null) {
            return m.notices().getFirst().webhookBody().getBytes(StandardCharsets.UTF_8);
        }
        ObjectNode o = JSON.createObjectNode().put("delivery", m.deliveryId()).put("digest", m.digest().wireName())
                .put("subject", m.subject()).put("text", m.text());
        var notices = o.putArray("notices");
        for (Notice n : m.notices()) {
            ObjectNode notice = notices.addObject().put("kind", n.kind()).put("subject", n.subject())
                    .put("title", n.title()).put("body", n.body()).put("at", n.at().toString())
                    .put("dedupe_key", n.dedupeKey());
            if (n.webhookBody() != null) {
                notice.set("webhook_body", parsed(n.webhookBody()));
            }
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The notice's own JSON as a tree; text, should it not be JSON (whoever raised it promised it is). */
    private static JsonNode parsed(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return TextNode.valueOf(json);
        }
    }

    /** The URL without query (it may carry a token) for messages. */
    private static String where(ChannelConfig.Webhook hook) {
        var u = hook.url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getPath() == null ? "" : u.getPath());
    }
}
