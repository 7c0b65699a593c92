package dev.baton.web.nativeapi;

import dev.baton.lock.BadRequestException;
import dev.baton.web.ApiError;
import dev.baton.web.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How the native API answers: JSON bodies written cheaply, and the query parameters and errors its resources share. */
final class Answers {

    /** Below Javalin's smallest compressed size (1,500 bytes), so no client misses a compression it asked for. */
    private static final int DIRECT_WRITE_LIMIT = 1_500;

    private Answers() {
    }

    /**
     * Answers 200 with a JSON body. A small body is written straight to the response: {@code ctx.result}
     * copies every answer through a fresh 8 KB buffer, which under load was 40 % of all the server's
     * allocation (JFR) and so the main cause of its garbage collections. A larger body goes through
     * {@code ctx.result}, where Javalin compresses it for clients that accept gzip.
     */
    static void ok(Context ctx, Object body) {
        byte[] json = Json.write(body).getBytes(StandardCharsets.UTF_8);
        if (json.length >= DIRECT_WRITE_LIMIT) {
            ctx.status(200).contentType("application/json").result(json);
            return;
        }
        try {
            send(ctx, json);
        } catch (IOException e) {
            // The client went away; there is nobody to tell.
        }
    }

    /** Answers {@code status} with a JSON body through Javalin. */
    static void answer(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    /** Writes a 200 JSON answer with its length straight to the response. */
    static void send(Context ctx, byte[] json) throws IOException {
        ctx.status(200).contentType("application/json");
        ctx.res().setContentLength(json.length);
        ctx.res().getOutputStream().write(json);
    }

    /** A whole-number query parameter; null when absent or empty, 400 naming it when it is not a number. */
    static Long queryLong(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter '" + name + "' must be a whole number");
        }
    }

    /** Puts {@code next_before}, the {@code before} of a keyset-paged list's next page, or null at its end. */
    static void nextBefore(com.fasterxml.jackson.databind.node.ObjectNode page, Long next) {
        if (next == null) {
            page.putNull("next_before");
        } else {
            page.put("next_before", next);
        }
    }

    static ApiError noSuchLock(String name) {
        return ApiError.notFound("no lock named '" + name + "'");
    }
}
