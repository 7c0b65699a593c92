package dev.baton.web.dlmengine;

import dev.baton.web.ErrorShape;
import dev.baton.web.Json;

/** DLM Engine's two error shapes: v2 {@code {"detail":"..."}}, v1 {@code {"errors":[{"id","details","title"}]}}. */
final class DlmErrors {

    static final ErrorShape V2 = (status, code, message) -> Json.write(Json.object().put("detail", message));

    static final ErrorShape V1 = (status, code, message) -> {
        var body = Json.object();
        body.putArray("errors").addObject().put("id", status).put("details", message).put("title", title(status));
        return Json.write(body);
    };

    private DlmErrors() {
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 423 -> "Locked";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
