package dev.baton.web;

import io.javalin.http.Context;

/**
 * How one protocol writes errors. Each door answers in the shape its clients parse (native
 * {@code {"error":{"code","message"}}}, Foreman {@code {"error":{"message"}}}, DLM Engine
 * {@code {"detail"}} or {@code {"errors":[...]}}, FleetLock {@code {"kind","value"}}), for every error:
 * its own, 404s for unknown paths, 405, 413, 415 and 500s alike.
 */
@FunctionalInterface
public interface ErrorShape {

    void write(Context ctx, int status, String code, String message);

    /** Baton's native shape. */
    ErrorShape NATIVE = (ctx, status, code, message) -> {
        var body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        ctx.status(status).contentType("application/json").result(Json.write(body));
    };
}
