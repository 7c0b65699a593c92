package dev.baton.agent.lock;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * FleetLock, Zincati's protocol (see {@code protocols/fleetlock.md}): {@code POST {base}/v1/pre-reboot} takes a slot
 * in {@code group}, {@code POST {base}/v1/steady-state} gives it back, both with the header
 * {@code fleet-lock-protocol: true} and the body {@code {"client_params":{"id":...,"group":...}}}. Only 200 is
 * success. A refusal carries {@code {"kind","value"}}; servers disagree on the status for "full" (409, 423, even
 * 500), so any refusal with that body counts as busy, and 400/401/403/404/405 as a configuration error.
 */
final class FleetLockClient implements LockClient {

    private static final Map<String, String> HEADERS = Map.of("fleet-lock-protocol", "true", "Content-Type", "application/json");

    private final URI preReboot;
    private final URI steadyState;
    private final String id;
    private final String group;
    private final Http http;
    private final String description;

    FleetLockClient(URI base, String id, String group, javax.net.ssl.SSLContext ssl) {
        String b = Http.slash(base).replaceAll("v1/(pre-reboot|steady-state)/$", "");
        this.preReboot = URI.create(b + "v1/pre-reboot");
        this.steadyState = URI.create(b + "v1/steady-state");
        this.id = id;
        this.group = group;
        this.http = new Http(ssl);
        this.description = "FleetLock at " + base + " (group " + group + ")";
    }

    private com.fasterxml.jackson.databind.JsonNode body() {
        return Http.object().set("client_params", Http.object().put("id", id).put("group", group));
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        Http.Response r = http.send("POST", preReboot, body(), HEADERS, null);
        if (r.status() == 200) {
            return AcquireAttempt.granted("slot taken in group " + group);
        }
        check(r, "pre-reboot");
        return AcquireAttempt.busy(r.text("kind") + ": " + r.text("value"));
    }

    @Override
    public void release() throws IOException, LockException {
        Http.Response r = http.send("POST", steadyState, body(), HEADERS, null);
        if (r.status() != 200) {
            check(r, "steady-state");
            throw new IOException(description + " did not release: HTTP " + r.status() + " " + Http.brief(r));
        }
    }

    private void check(Http.Response r, String what) throws IOException, LockException {
        int s = r.status();
        if (s == 400 || s == 401 || s == 403 || s == 404 || s == 405) {
            throw new LockException(description + " refused " + what + ": HTTP " + s + " " + Http.brief(r));
        }
        if (r.text("kind") == null) {
            throw new IOException(description + " answered HTTP " + s + " to " + what + ": " + Http.brief(r));
        }
    }

    /** FleetLock has no way to ask. */
    @Override
    public Optional<Boolean> isHeld() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return description;
    }
}
