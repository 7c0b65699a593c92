package dev.baton.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.lock.BadRequestException;
import java.time.Instant;

/** The one JSON mapper of the server, and small helpers to read request bodies with clear errors. */
public final class Json {

    /**
     * Jackson's buffers (about 8 KB a parser) are kept in a pool of at most this many. Its default keeps
     * them per thread, and every request has a virtual thread of its own: 10,000 waiting requests kept
     * 80 MB of buffers they had used once, to read their request body.
     */
    static final int BUFFER_POOL_SIZE = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // Bodies are small; deep nesting or huge numbers are an attack, not a lock request.
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32).maxNumberLength(40).maxStringLength(65_536).build())
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(BUFFER_POOL_SIZE))
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Parses a request body as a JSON object; an empty body is an empty object. */
    public static ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            return object();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new BadRequestException("the body must be a JSON object");
        }
        return obj;
    }

    /** A required string field. */
    public static String text(JsonNode body, String field) {
        String value = optionalText(body, field);
        if (value == null) {
            throw new BadRequestException("'" + field + "' is required");
        }
        return value;
    }

    public static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequestException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    /** An optional whole number in [min, max]; {@code null} when absent. */
    public static Long optionalLong(JsonNode body, String field, long min, long max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadRequestException("'" + field + "' must be a whole number");
        }
        long value = v.asLong();
        if (value < min || value > max) {
            throw new BadRequestException("'" + field + "' must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
