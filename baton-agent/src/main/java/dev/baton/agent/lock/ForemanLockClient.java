package dev.baton.agent.lock;

import dev.baton.client.http.HttpTransport;
import dev.baton.client.http.JsonResponse;
import dev.baton.client.http.Urls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Foreman DLM, as foreman_dlm_updater speaks it: {@code PUT} to acquire and {@code DELETE} to release
 * {@code {foreman_url}/api/dlmlocks/{name}/lock} ({@link #lockUri}: a {@code foreman_url} ending in {@code /}, in
 * {@code /api/dlmlocks} or {@code /api/v2/dlmlocks} gives the same URL, never {@code //api}), no body,
 * {@code Content-Type: application/json}, the host identified by its TLS client certificate. 200 is success, 412
 * means held by another host (or disabled, or this host is barred). Acquire is re-entrant on the server. A release
 * refused with 412 asks the lock who holds it, so the message says whether another host has it or it is disabled.
 */
final class ForemanLockClient implements LockClient {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

    private final URI lockUri;
    private final String lockName;
    private final HttpTransport transport;
    private final String description;

    ForemanLockClient(HttpTransport transport, URI foremanUrl, String lockName) {
        this.lockUri = lockUri(foremanUrl, lockName);
        this.lockName = lockName;
        this.transport = transport;
        this.description = "Foreman DLM at " + foremanUrl;
    }

    /** {@code {foreman_url}/api/dlmlocks/{name}/lock}. */
    static URI lockUri(URI foremanUrl, String lockName) {
        String root = Urls.directory(foremanUrl).replaceAll("api/(v2/)?dlmlocks/$", "");
        return URI.create(root + "api/dlmlocks/" + Urls.segment(lockName) + "/lock");
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        JsonResponse r = Exchanges.send(transport, "PUT", lockUri, null, HEADERS);
        return switch (r.status()) {
            case 200 -> AcquireAttempt.granted("granted");
            case 412 -> AcquireAttempt.busy("held by " + holderName(r).orElse("another host") + ", disabled, or this host may not take locks");
            default -> throw fail("acquire", r);
        };
    }

    @Override
    public void release() throws IOException, LockException {
        JsonResponse r = Exchanges.send(transport, "DELETE", lockUri, null, HEADERS);
        if (r.status() == 412) {
            throw new LockException(description + " refused the release (HTTP 412): " + whyRefused());
        }
        if (r.status() != 200) {
            throw fail("release", r);
        }
    }

    /** Why a release was refused, from the lock as the server shows it to this host. */
    private String whyRefused() {
        try {
            JsonResponse lock = Exchanges.send(transport, "GET", lockUri, null, HEADERS);
            if (lock.status() == 200) {
                if (!lock.body().path("enabled").asBoolean(true)) {
                    return "lock '" + lockName + "' is disabled: nothing can be released until an operator enables it";
                }
                Optional<String> other = holderName(lock);
                if (other.isPresent() && !lock.body().path("host").path("self").asBoolean(false)) {
                    return "lock '" + lockName + "' is held by '" + other.get() + "', not by this host, so there is nothing of this host's to release";
                }
            }
        } catch (IOException | LockException e) {
            // the reason stays general
        }
        return "lock '" + lockName + "' is held by another host, or disabled";
    }

    @Override
    public Optional<Boolean> isHeld() throws IOException, LockException {
        JsonResponse r = Exchanges.send(transport, "GET", lockUri, null, HEADERS);
        if (r.status() == 404) {
            return Optional.of(false);
        }
        if (r.status() != 200) {
            throw fail("show", r);
        }
        return Optional.of(r.body().path("host").path("self").asBoolean(false));
    }

    private static Optional<String> holderName(JsonResponse r) {
        return Optional.ofNullable(r.body().path("host").path("name").asText(null));
    }

    private LockException fail(String what, JsonResponse r) throws IOException {
        if (r.status() >= 500) {
            throw new IOException(description + " answered HTTP " + r.status() + " to " + what + ": " + r.brief());
        }
        String hint = switch (r.status()) {
            case 401 -> " (the client certificate was not accepted: check client_crt, client_key and that the host is known to Foreman)";
            case 403 -> " (not allowed)";
            case 412 -> " (held by another host, or the lock is disabled)";
            default -> "";
        };
        return new LockException(description + " refused " + what + ": HTTP " + r.status() + hint + " " + r.brief());
    }

    @Override
    public String describe() {
        return description;
    }
}
