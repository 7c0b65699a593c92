package dev.baton.web.foreman;

import dev.baton.web.ErrorShape;
import dev.baton.web.Json;

/** Foreman's error shape: {@code {"error":{"message":"..."}}} for every error, 404s and 500s included. */
final class ForemanErrors {

    static final ErrorShape SHAPE = (status, code, message) -> {
        var body = Json.object();
        body.putObject("error").put("message", message);
        return Json.write(body);
    };

    /** The plugin's 412 text, which scripts around the clients grep for. */
    static final String PRECONDITION_FAILED = "Precondition failed. Lock is in invalid state for this operation.";

    private ForemanErrors() {
    }
}
