package dev.baton.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches Javalin (an ambiguous or malformed URI, a bad header),
 * written as JSON in the shape of the door the path belongs to instead of Jetty's HTML page: clients
 * parse every body as JSON.
 */
final class JettyErrors extends ErrorHandler {

    private final Function<String, ErrorShape> shapeFor;

    JettyErrors(Function<String, ErrorShape> shapeFor) {
        this.shapeFor = shapeFor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object cause = request.getAttribute(ERROR_MESSAGE);
        String message = "the request was refused before it could be read: "
                + (cause != null ? cause : "HTTP " + status);
        String path = request.getHttpURI() == null || request.getHttpURI().getPath() == null ? "/" : request.getHttpURI().getPath();
        byte[] body = shapeFor.apply(path).body(status, status == 400 ? "bad_request" : "http_" + status, message)
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
