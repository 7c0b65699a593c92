package dev.baton.web;

/**
 * How one protocol writes errors. Each door answers in the shape its clients parse (native
 * {@code {"error":{"code","message"}}}, Foreman {@code {"error":{"message"}}}, DLM Engine
 * {@code {"detail"}} or {@code {"errors":[...]}}, FleetLock {@code {"kind","value"}}), for every error:
 * its own, 404s for unknown paths, 405, 413, 415, 500s, and the ones Jetty answers itself (a malformed
 * URI) alike. Always JSON.
 */
@FunctionalInterface
public interface ErrorShape {

    /** The JSON body for an error. */
    String body(int status, String code, String message);

    /** Baton's native shape. */
    ErrorShape NATIVE = (status, code, message) -> {
        var body = Json.object();
        body.putObject("error").put("code", code).put("message", message);
        return Json.write(body);
    };
}
