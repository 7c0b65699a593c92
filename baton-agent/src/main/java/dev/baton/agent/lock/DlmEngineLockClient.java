package dev.baton.agent.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.client.http.HttpTransport;
import dev.baton.client.http.JsonResponse;
import dev.baton.client.http.Urls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DLM Engine v1 and v2, as every generation of DLMEngineUpdater speaks them.
 *
 * <p>Where the lock lives ({@link Location}): v1 at {@code {root}/api/v1/locks/{name}}, every body wrapped in
 * {@code {"data": ...}}, the holder sent in the DELETE body too; v2 at {@code {root}/api/v2/locks/{name}}; with an
 * {@code org_id} at {@code {root}/api/v2/orgs/{org}/locks/{name}}. The root is the endpoint without its
 * {@code /api/v1}, {@code /api/v2} or {@code /api/v2/orgs/{org}} (repeated slashes merged). A v1 endpoint with an
 * {@code org_id} is what the transitional clients (0.2 to 0.4) were configured with: like them, the client asks
 * {@code GET {root}/versions} once; {@code {"versions":[{"version":"2"}]}} means v2 at the org's path, a 404 (or
 * anything else) v1.
 *
 * <p>Headers {@code x-secret-id} and {@code x-secret}. Acquire is GET then POST: a GET whose {@code acquired_by} is
 * this holder counts as already held; otherwise POST, and <b>only 201</b> is success. Release: 200 is success; 404
 * means "not held", which is also success (release is idempotent); 409 means another holder has the lock, which is
 * refused with the server's words. 401 is a wrong credential, 403 a credential that may not act as this holder.
 */
final class DlmEngineLockClient implements LockClient {

    private static final Pattern API_SUFFIX = Pattern.compile("^(.*?/)(api/v([12])/(orgs/([^/]+)/)?)?$");

    private final HttpTransport transport;
    private final Location configured;
    private final String holder;
    private final Map<String, String> headers;
    /** The location in use: the configured one, or what {@code /versions} said. */
    private Location location;

    /**
     * Where one lock lives on a DLM Engine server and which body shapes it takes.
     *
     * @param root     the server's root URL, ending in {@code /}
     * @param v1       v1 bodies and paths
     * @param org      the org of the v2 path, or null
     * @param discover ask {@code /versions} first (a v1 endpoint with an org: the transitional clients)
     */
    record Location(String root, boolean v1, String org, String lock, boolean discover) {

        /** The location the settings describe. */
        static Location of(URI endpoint, boolean v1, String orgId, String lockName) {
            Matcher m = API_SUFFIX.matcher(Urls.directory(endpoint));
            if (!m.matches()) {
                throw new IllegalStateException("not a URL: " + endpoint); // the pattern matches every directory
            }
            String org = m.group(5) != null ? m.group(5) : orgId;
            return new Location(m.group(1), v1, v1 ? orgId : org, lockName, v1 && orgId != null);
        }

        URI lockUri() {
            String base = root + (v1 ? "api/v1/" : "api/v2/" + (org != null ? "orgs/" + Urls.segment(org) + "/" : ""));
            return URI.create(base + "locks/" + Urls.segment(lock));
        }

        URI versionsUri() {
            return URI.create(root + "versions");
        }

        Location asV2() {
            return new Location(root, false, org, lock, false);
        }

        Location asV1() {
            return new Location(root, true, org, lock, false);
        }
    }

    DlmEngineLockClient(HttpTransport transport, Location location, String holder, String secretId, String secret) {
        this.transport = transport;
        this.configured = location;
        this.holder = holder;
        this.headers = Map.of("x-secret-id", secretId, "x-secret", secret, "Content-Type", "application/json");
    }

    /** The lock's URL and version, asking {@code /versions} the first time when the settings call for it. */
    Location location() throws IOException, LockException {
        if (location == null) {
            if (!configured.discover()) {
                location = configured;
            } else {
                JsonResponse r = Exchanges.send(transport, "GET", configured.versionsUri(), null, headers);
                if (r.status() >= 500) {
                    throw new IOException(describe() + " answered HTTP " + r.status() + " to GET /versions: " + r.brief());
                }
                boolean v2 = false;
                for (JsonNode v : r.body().path("versions")) {
                    v2 |= "2".equals(v.path("version").asText());
                }
                location = r.status() == 200 && v2 ? configured.asV2() : configured.asV1();
            }
        }
        return location;
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        Location at = location();
        JsonResponse current = Exchanges.send(transport, "GET", at.lockUri(), null, headers);
        checkAuth(current);
        if (current.status() == 200 && holder.equals(lockOf(at, current).path("acquired_by").asText(null))) {
            return AcquireAttempt.granted("already held by " + holder);
        }
        ObjectNode lock = Exchanges.object().put("acquired_by", holder);
        JsonResponse posted = Exchanges.send(transport, "POST", at.lockUri(), at.v1() ? Exchanges.object().set("data", lock) : lock, headers);
        checkAuth(posted);
        if (posted.status() == 201) {
            return AcquireAttempt.granted("granted to " + holder);
        }
        if (posted.status() >= 500) {
            throw new IOException(describe() + " answered HTTP " + posted.status() + ": " + posted.brief());
        }
        String by = current.status() == 200 ? lockOf(at, current).path("acquired_by").asText(null) : null;
        return AcquireAttempt.busy((by != null ? "held by " + by + "; " : "") + "HTTP " + posted.status() + " " + posted.brief());
    }

    @Override
    public void release() throws IOException, LockException {
        Location at = location();
        JsonNode body = at.v1() ? Exchanges.object().set("data", Exchanges.object().put("acquired_by", holder)) : null;
        JsonResponse r = Exchanges.send(transport, "DELETE", at.lockUri(), body, headers);
        checkAuth(r);
        if (r.status() == 200 || r.status() == 404) {
            return;
        }
        if (r.status() >= 500) {
            throw new IOException(describe() + " answered HTTP " + r.status() + ": " + r.brief());
        }
        if (r.status() == 409) {
            throw new LockException(describe() + ": lock '" + at.lock() + "' is held by another holder, not by " + holder
                    + ", so there is nothing of " + holder + "'s to release (the server says: " + serverMessage(r) + ")");
        }
        throw new LockException(describe() + " refused the release: HTTP " + r.status() + " " + r.brief());
    }

    @Override
    public Optional<Boolean> isHeld() throws IOException, LockException {
        Location at = location();
        JsonResponse r = Exchanges.send(transport, "GET", at.lockUri(), null, headers);
        checkAuth(r);
        if (r.status() == 404) {
            return Optional.of(false);
        }
        if (r.status() != 200) {
            throw new IOException(describe() + " answered HTTP " + r.status() + ": " + r.brief());
        }
        return Optional.of(holder.equals(lockOf(at, r).path("acquired_by").asText(null)));
    }

    private static JsonNode lockOf(Location at, JsonResponse r) {
        return at.v1() ? r.body().path("data") : r.body();
    }

    private void checkAuth(JsonResponse r) throws LockException {
        if (r.status() == 401) {
            throw new LockException(describe() + " refused the credential (HTTP 401): check secret_id and secret. " + r.brief());
        }
        if (r.status() == 403) {
            throw new LockException(describe() + ": this credential may not act as holder '" + holder + "' (HTTP 403): "
                    + serverMessage(r) + ". Give the credential that holder name, or set holder to one of its names");
        }
    }

    /** The error text of a DLM Engine answer: v2 {@code {"detail"}}, v1 {@code {"errors":[{"details"}]}}. */
    private static String serverMessage(JsonResponse r) {
        String detail = r.text("detail");
        if (detail != null) {
            return detail;
        }
        JsonNode first = r.body().path("errors").path(0);
        String details = first.path("details").asText(first.path("title").asText(null));
        return details != null ? details : r.brief();
    }

    @Override
    public String describe() {
        Location at = location != null ? location : configured;
        return "DLM Engine " + (at.v1() ? "v1" : "v2") + " at " + at.root();
    }
}
