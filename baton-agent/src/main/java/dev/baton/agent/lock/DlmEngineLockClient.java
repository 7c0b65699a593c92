package dev.baton.agent.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * DLM Engine v1 and v2, as DLMEngineUpdater speaks them (see {@code protocols/dlm-engine.md}).
 *
 * <p>Headers {@code x-secret-id} and {@code x-secret}. Acquire is GET then POST: a GET whose
 * {@code acquired_by} is this holder counts as already held; otherwise POST, and <b>only 201</b> is success.
 * v1 wraps every body in {@code {"data": ...}} and sends the holder in the DELETE body too. Release: 200 is
 * success; 404 means "not held", which is also success (release is idempotent). With an {@code org_id} and a v2
 * endpoint the lock lives at {@code /api/v2/orgs/{org}/locks/{name}} (the transitional 0.2–0.4 clients).
 */
final class DlmEngineLockClient implements LockClient {

    private final boolean v1;
    private final URI lockUri;
    private final String holder;
    private final Map<String, String> headers;
    private final Http http;
    private final String description;

    DlmEngineLockClient(boolean v1, URI endpoint, String orgId, String lockName, String holder, String secretId, String secret,
                        SSLContext ssl) {
        this.v1 = v1;
        String base = Http.slash(endpoint);
        if (!v1 && orgId != null && !base.contains("/orgs/")) {
            base = base + "orgs/" + Http.segment(orgId) + "/";
        }
        this.lockUri = URI.create(base + "locks/" + Http.segment(lockName));
        this.holder = holder;
        this.headers = Map.of("x-secret-id", secretId, "x-secret", secret, "Content-Type", "application/json");
        this.http = new Http(ssl);
        this.description = "DLM Engine " + (v1 ? "v1" : "v2") + " at " + endpoint;
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        Http.Response current = http.send("GET", lockUri, null, headers, null);
        checkAuth(current);
        if (current.status() == 200 && holder.equals(lockOf(current).path("acquired_by").asText(null))) {
            return AcquireAttempt.granted("already held by " + holder);
        }
        ObjectNode lock = Http.object().put("acquired_by", holder);
        Http.Response posted = http.send("POST", lockUri, v1 ? Http.object().set("data", lock) : lock, headers, null);
        checkAuth(posted);
        if (posted.status() == 201) {
            return AcquireAttempt.granted("granted to " + holder);
        }
        if (posted.status() >= 500) {
            throw new IOException(description + " answered HTTP " + posted.status() + ": " + Http.brief(posted));
        }
        String by = current.status() == 200 ? lockOf(current).path("acquired_by").asText(null) : null;
        return AcquireAttempt.busy((by != null ? "held by " + by + "; " : "") + "HTTP " + posted.status() + " " + Http.brief(posted));
    }

    @Override
    public void release() throws IOException, LockException {
        JsonNode body = v1 ? Http.object().set("data", Http.object().put("acquired_by", holder)) : null;
        Http.Response r = http.send("DELETE", lockUri, body, headers, null);
        checkAuth(r);
        if (r.status() == 200 || r.status() == 404) {
            return;
        }
        if (r.status() >= 500) {
            throw new IOException(description + " answered HTTP " + r.status() + ": " + Http.brief(r));
        }
        throw new LockException(description + " refused the release: HTTP " + r.status() + " " + Http.brief(r));
    }

    @Override
    public Optional<Boolean> isHeld() throws IOException, LockException {
        Http.Response r = http.send("GET", lockUri, null, headers, null);
        checkAuth(r);
        if (r.status() == 404) {
            return Optional.of(false);
        }
        if (r.status() != 200) {
            throw new IOException(description + " answered HTTP " + r.status() + ": " + Http.brief(r));
        }
        return Optional.of(holder.equals(lockOf(r).path("acquired_by").asText(null)));
    }

    private JsonNode lockOf(Http.Response r) {
        return v1 ? r.body().path("data") : r.body();
    }

    private void checkAuth(Http.Response r) throws LockException {
        if (r.status() == 401 || r.status() == 403) {
            throw new LockException(description + " refused the credential (HTTP " + r.status() + "): check secret_id and secret. "
                    + Http.brief(r));
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
