package dev.baton.agent.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.http.HttpTransport;
import dev.baton.client.http.JsonResponse;
import dev.baton.client.http.Urls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * FleetLock, Zincati's protocol: {@code POST {base}v1/pre-reboot} takes a slot in {@code group},
 * {@code POST {base}v1/steady-state} gives it back ({@link #operation}: the base is joined as Zincati joins it, with
 * one slash; a base that already ends in one of the two operations is the same base), both with the header
 * {@code fleet-lock-protocol: true} and the body {@code {"client_params":{"id":...,"group":...}}}. Only 200 is
 * success. A refusal carries {@code {"kind","value"}}; servers disagree on the status for "full" (409, 423, even
 * 500), so any refusal with that body counts as busy, and 400/401/403/404/405 as a configuration error.
 * Unlocking without holding is a success in this protocol, so a release is never refused for another holder.
 */
final class FleetLockClient implements LockClient {

    private static final Map<String, String> HEADERS = Map.of("fleet-lock-protocol", "true", "Content-Type", "application/json");

    private final URI preReboot;
    private final URI steadyState;
    private final String id;
    private final String group;
    private final HttpTransport transport;
    private final String description;

    FleetLockClient(HttpTransport transport, URI base, String id, String group) {
        this.preReboot = operation(base, "pre-reboot");
        this.steadyState = operation(base, "steady-state");
        this.id = id;
        this.group = group;
        this.transport = transport;
        this.description = "FleetLock at " + base + " (group " + group + ")";
    }

    /** {@code {base}v1/{name}}. */
    static URI operation(URI base, String name) {
        return URI.create(Urls.directory(base).replaceAll("v1/(pre-reboot|steady-state)/$", "") + "v1/" + name);
    }

    private JsonNode body() {
        return Exchanges.object().set("client_params", Exchanges.object().put("id", id).put("group", group));
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        JsonResponse r = Exchanges.send(transport, "POST", preReboot, body(), HEADERS);
        if (r.status() == 200) {
            return AcquireAttempt.granted("slot taken in group " + group);
        }
        check(r, "pre-reboot");
        return AcquireAttempt.busy(r.text("kind") + ": " + r.text("value"));
    }

    @Override
    public void release() throws IOException, LockException {
        JsonResponse r = Exchanges.send(transport, "POST", steadyState, body(), HEADERS);
        if (r.status() != 200) {
            check(r, "steady-state");
            throw new IOException(description + " did not release: HTTP " + r.status() + " " + r.brief());
        }
    }

    private void check(JsonResponse r, String what) throws IOException, LockException {
        int s = r.status();
        if (s == 400 || s == 401 || s == 403 || s == 404 || s == 405) {
            throw new LockException(description + " refused " + what + ": HTTP " + s + " " + r.brief());
        }
        if (r.text("kind") == null) {
            throw new IOException(description + " answered HTTP " + s + " to " + what + ": " + r.brief());
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
