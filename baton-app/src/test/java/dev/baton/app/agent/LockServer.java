package dev.baton.app.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.auth.AuthService;
import dev.baton.auth.Role;
import dev.baton.client.BatonClient;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import dev.baton.server.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A real Baton server for the agent's end-to-end tests (the real routes, store and doors, on a free port), with
 * what the tests need to look at it: holders and waiters of a lock, its history, host credentials, the
 * progress API as an operator reads it.
 */
final class LockServer implements AutoCloseable {

    static final String ADMIN_PASSWORD = "agent-e2e-password";

    final BatonServer server;
    final String base;

    private LockServer(BatonServer server, String scheme) {
        this.server = server;
        this.base = scheme + "://127.0.0.1:" + server.port();
    }

    /** Plain HTTP on the embedded store in {@code dir}. */
    static LockServer start(Path dir) {
        return new LockServer(BatonServer.startForTests(settings(dir)), "http");
    }

    /** HTTPS, asking for client certificates signed by {@code clientCa} (the Foreman door), as {@code --tls-cert
     *  --tls-key --client-ca} start it. */
    static LockServer startTls(Path dir, Path cert, Path key, Path clientCa) {
        return new LockServer(BatonServer.startForTests(settings(dir).withTls(new TlsSettings(cert, key, clientCa))), "https");
    }

    private static ServerSettings settings(Path dir) {
        return ServerSettings.defaults().withPort(0).withStore(dir.resolve("server-data"), null).withAdminPassword(ADMIN_PASSWORD);
    }

    /** A host credential allowed to hold locks as {@code holder}. */
    AuthService.Issued hostCredential(String holder) {
        return server.auth().createCredential(holder, Role.HOST, Set.of(holder));
    }

    List<String> holders(String lock) {
        return server.locks().reader().show(lock).map(v -> v.holders().stream().map(LockView.HolderView::holder).toList()).orElse(List.of());
    }

    List<String> waiters(String lock) {
        return server.locks().reader().show(lock).map(v -> v.waiters().stream().map(LockView.WaiterView::holder).toList()).orElse(List.of());
    }

    /** The lock's history, oldest first. */
    List<LockEvent> events(String lock) {
        return server.locks().reader().events(lock, null, 1000).events().stream().sorted(Comparator.comparingLong(LockEvent::id)).toList();
    }

    /** The lock's acquire and release events, oldest first, as "type holder protocol". */
    List<String> takesAndReleases(String lock) {
        return events(lock).stream().filter(e -> e.type() == EventType.ACQUIRE || e.type() == EventType.RELEASE)
                .map(e -> e.type().wireName() + " " + e.holder() + " " + e.protocol().wireName()).toList();
    }

    /** The epoch nanoseconds of the n-th (0-based) event of this type for this holder. */
    long eventTime(String lock, EventType type, String holder, int n) {
        LockEvent e = events(lock).stream().filter(x -> x.type() == type && holder.equals(x.holder())).skip(n).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " #" + n + " of " + holder + " in " + events(lock)));
        return e.at().getEpochSecond() * 1_000_000_000L + e.at().getNano();
    }

    /** An operator's client of the native API (as the admin user). */
    BatonClient admin() {
        return new BatonClient(URI.create(base), new BatonClient.Auth.Basic("admin", ADMIN_PASSWORD), null);
    }

    /** {@code GET /api/v3/progress}: the latest report of every host. */
    JsonNode progress() {
        return admin().call("GET", "api/v3/progress", null, Duration.ofSeconds(10), 200);
    }

    /** {@code GET /api/v3/hosts/{host}/reports}: the host's reports, newest first. */
    JsonNode reports(String host) {
        return admin().call("GET", "api/v3/hosts/" + host + "/reports?limit=1000", null, Duration.ofSeconds(10), 200);
    }

    @Override
    public void close() {
        server.close();
    }
}
