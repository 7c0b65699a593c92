package dev.baton.web;

import dev.baton.lock.BadRequestException;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** How the native API answers: JSON bodies written cheaply, and the query parameters and errors its resources share. */
public final class Answers {

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
    public static void ok(Context ctx, Object body) {
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
    public static void answer(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    /** Writes a 200 JSON answer with its length straight to the response. */
    public static void send(Context ctx, byte[] json) throws IOException {
        ctx.status(200).contentType("application/json");
        ctx.res().setContentLength(json.length);
        ctx.res().getOutputStream().write(json);
    }

    /** A whole-number query parameter; null when absent or empty, 400 naming it when it is not a number. */
    public static Long queryLong(Context ctx, String name) {
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
    public static void nextBefore(com.fasterxml.jackson.databind.node.ObjectNode page, Long next) {
        if (next == null) {
            page.putNull("next_before");
        } else {
            page.put("next_before", next);
        }
    }

    /**
     * A query parameter naming one constant of {@code type} by its lower-case name ({@code not_seen}); null when
     * absent or empty, 400 naming the parameter, the value and the known names when it is none of them.
     */
    public static <E extends Enum<E>> E queryEnum(Context ctx, String name, Class<E> type) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : named(name, value, type);
    }

    /** Every value of a query parameter given repeatedly or comma-separated, as in {@link #queryEnum}; empty when absent. */
    public static <E extends Enum<E>> Set<E> queryEnums(Context ctx, String name, Class<E> type) {
        Set<E> all = EnumSet.noneOf(type);
        for (String value : ctx.queryParams(name)) {
            for (String one : value.split(",")) {
                if (!one.isBlank()) {
                    all.add(named(name, one, type));
                }
            }
        }
        return all;
    }

    private static <E extends Enum<E>> E named(String parameter, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("query parameter '" + parameter + "' has an unknown value '" + value.trim()
                    + "'; known: " + String.join(", ", Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
        }
    }

    /** A page size from {@code limit}, or {@code fallback} when absent; out-of-range values are left to the query to refuse. */
    public static int queryLimit(Context ctx, int fallback) {
        Long limit = queryLong(ctx, "limit");
        return limit == null ? fallback : (int) Math.max(0, Math.min(limit, Integer.MAX_VALUE));
    }

    public static ApiError noSuchLock(String name) {
        return ApiError.notFound("no lock named '" + name + "'");
    }
}
