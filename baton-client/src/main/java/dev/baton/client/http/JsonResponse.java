package dev.baton.client.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An HTTP answer: the status, the body parsed as JSON ({@code {}} when it is empty or not JSON) and the body as
 * it came, for messages.
 */
public record JsonResponse(int status, JsonNode body, String raw) {

    /** A top-level text field of the body, or null. */
    public String text(String field) {
        JsonNode n = body.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** The body for a message: at most 200 characters, {@code (empty body)} when there is none. */
    public String brief() {
        String text = raw == null ? "" : raw.strip();
        return text.isEmpty() ? "(empty body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
