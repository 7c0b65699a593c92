package dev.baton.web;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Merges repeated slashes in the request path before anything routes it, as nginx ({@code merge_slashes}) and Rails
 * do: clients that join a base URL ending in {@code /} to a path starting with one ({@code foreman_dlm_updater} with
 * {@code foreman_url = https://host/} sends {@code PUT //api/dlmlocks/NAME/lock}) reach the same route as the clean
 * path, in every door.
 *
 * <p>It runs on every request, so the common case costs one scan of the path for {@code "//"} and nothing else.
 * Only the path is rewritten, in its raw (still percent-encoded) form: an encoded slash ({@code %2F}) is not a
 * separator and stays as it is; the query is kept.
 */
final class MergedSlashes extends Handler.Wrapper {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (path == null || !path.contains("//")) {
            return super.handle(request, response, callback);
        }
        HttpURI merged = HttpURI.build(uri).path(merge(path)).asImmutable();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return merged;
            }
        }, response, callback);
    }

    /** The path with every run of slashes made one. */
    static String merge(String path) {
        StringBuilder merged = new StringBuilder(path.length());
        char previous = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/' || previous != '/') {
                merged.append(c);
            }
            previous = c;
        }
        return merged.toString();
    }
}
