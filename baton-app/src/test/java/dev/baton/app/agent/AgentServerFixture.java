package dev.baton.app.agent;

import dev.baton.auth.AuthService;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up the agent's end-to-end tests share, by extending it: a real Baton server ({@link #server}) on the test
 * class's own temporary directory, started before its first test and closed after its last, and the hosts the
 * tests make. The server is static, so the classes must not run concurrently (they run one class at a time).
 */
abstract class AgentServerFixture {

    @TempDir
    static Path dir;
    static LockServer server;

    @BeforeAll
    static void startServer() {
        server = LockServer.start(dir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A host speaking the native API with its own new credential; {@code settings} follow it in its baton config. */
    static AgentHost nativeHost(Path root, String name, String lock, String settings) {
        AuthService.Issued c = server.hostCredential(name);
        return new AgentHost(root, name, root.resolve("journal")).batonConfig(server.base, lock,
                "credential_id = " + c.credential().id() + "\ncredential_secret = " + c.secret() + "\n" + settings);
    }

    /** Updates available, one recording script in every phase, no reboot needed. */
    static AgentHost withScripts(AgentHost h) {
        h.script("needs_update", "10-apt", 1);
        h.script("pre_update", "10-drain", 0);
        h.script("update", "10-upgrade", 0);
        h.script("needs_reboot", "10-kernel", 0);
        h.script("post_update", "10-undrain", 0);
        return h;
    }
}
