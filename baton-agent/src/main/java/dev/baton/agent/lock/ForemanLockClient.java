package dev.baton.agent.lock;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Foreman DLM, as foreman_dlm_updater speaks it (see {@code protocols/foreman-dlm.md}): {@code PUT} to acquire and
 * {@code DELETE} to release {@code {foreman_url}/api/dlmlocks/{name}/lock}, no body, {@code Content-Type:
 * application/json}, the host identified by its TLS client certificate. 200 is success, 412 means held by another
 * host (or disabled, or this host is barred). Acquire is re-entrant on the server.
 */
final class ForemanLockClient implements LockClient {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

    private final URI lockUri;
    private final Http http;
    private final String description;

    ForemanLockClient(URI foremanUrl, String lockName, SSLContext ssl) {
        String base = Http.slash(foremanUrl).replaceAll("(/api(/v2)?/dlmlocks)?/$", "/");
        this.lockUri = URI.create(base + "api/dlmlocks/" + Http.segment(lockName) + "/lock");
        this.http = new Http(ssl);
        this.description = "Foreman DLM at " + foremanUrl;
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        Http.Response r = http.send("PUT", lockUri, null, HEADERS, null);
        return switch (r.status()) {
            case 200 -> AcquireAttempt.granted("granted");
            case 412 -> AcquireAttempt.busy("held by " + holderName(r).orElse("another host") + ", disabled, or this host may not take locks");
            default -> throw fail("acquire", r);
        };
    }

    @Override
    public void release() throws IOException, LockException {
        Http.Response r = http.send("DELETE", lockUri, null, HEADERS, null);
        if (r.status() != 200) {
            throw fail("release", r);
        }
    }

    @Override
    public Optional<Boolean> isHeld() throws IOException, LockException {
        Http.Response r = http.send("GET", lockUri, null, HEADERS, null);
        if (r.status() == 404) {
            return Optional.of(false);
        }
        if (r.status() != 200) {
            throw fail("show", r);
        }
        return Optional.of(r.body().path("host").path("self").asBoolean(false));
    }

    private static Optional<String> holderName(Http.Response r) {
        String name = r.body().path("host").path("name").asText(null);
        return Optional.ofNullable(name);
    }

    private LockException fail(String what, Http.Response r) throws IOException {
        if (r.status() >= 500) {
            throw new IOException(description + " answered HTTP " + r.status() + " to " + what + ": " + Http.brief(r));
        }
        String hint = switch (r.status()) {
            case 401 -> " (the client certificate was not accepted: check client_crt, client_key and that the host is known to Foreman)";
            case 403 -> " (not allowed)";
            case 412 -> " (held by another host, or the lock is disabled)";
            default -> "";
        };
        return new LockException(description + " refused " + what + ": HTTP " + r.status() + hint + " " + Http.brief(r));
    }

    @Override
    public String describe() {
        return description;
    }
}
