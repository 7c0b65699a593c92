package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.DoorSettings;
import dev.baton.server.TestPki;
import dev.baton.server.TlsServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin CLI against a server on HTTPS (issue 13, item 9): the CA comes from {@code --ca} or {@code BATON_CA};
 * without it the user is told to pass one, not shown a PKIX stack message; {@code http://} to the TLS port says the
 * port speaks TLS; an unusable CA file names the setting it came from. Real {@code baton} processes against a real
 * server whose certificate a test CA signed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminCliTlsProcessTest {

    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    private static final Map<String, String> ADMIN = Map.of("BATON_ADMIN_PASSWORD", TlsServers.ADMIN_PASSWORD);

    @TempDir
    static Path dir;

    static BatonServer server;
    static Path caFile;
    static CliHost cli;

    @BeforeAll
    static void tlsServer() throws Exception {
        TestPki ca = TestPki.ca("CLI test CA");
        server = TlsServers.start(dir, ca, DoorSettings.DEFAULTS);
        caFile = ca.writeCert(dir.resolve("cli-ca.pem"));
        cli = new CliHost(ADMIN);
    }

    @AfterAll
    static void stop() {
        if (cli != null) {
            cli.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String https() {
        return "https://127.0.0.1:" + server.port();
    }

    private static void assertOneClearLine(ChildJvm.Result r, int exit) {
        assertThat(r.exit()).as("%s", r).isEqualTo(exit);
        ChildJvm.assertNoStackTrace(r);
        assertThat(r.err().strip().lines()).as("%s", r).hasSize(1);
        assertThat(r.err()).startsWith("baton: ").doesNotContain("PKIX").doesNotContain("Exception");
    }

    @Test
    void anUntrustedCertificateSaysPassCaOrSetBatonCa_andWithEitherTheCommandWorks() {
        var untrusted = cli.run(CLI_TIMEOUT, "lock", "list", "--server", https());
        assertOneClearLine(untrusted, 3);
        assertThat(untrusted.err()).contains("the certificate of " + https() + " is not signed by a CA this client trusts")
                .contains("pass --ca FILE or set BATON_CA");

        var withOption = cli.run(CLI_TIMEOUT, "lock", "list", "--server", https(), "--ca", caFile.toString());
        assertThat(withOption.exit()).as("%s", withOption).isZero();
        assertThat(withOption.out()).contains("LOCK");

        var withEnvironment = ChildJvm.run(Map.of("BATON_ADMIN_PASSWORD", TlsServers.ADMIN_PASSWORD, "BATON_CA", caFile.toString(),
                "BATON_SERVER", https()), CLI_TIMEOUT, "lock", "list");
        assertThat(withEnvironment.exit()).as("%s", withEnvironment).isZero();
        assertThat(withEnvironment.out()).contains("LOCK");
    }

    @Test
    void plainHttpToTheTlsPortSaysThePortSpeaksTls() {
        var plain = cli.run(CLI_TIMEOUT, "lock", "list", "--server", "http://127.0.0.1:" + server.port());
        assertOneClearLine(plain, 3);
        assertThat(plain.err()).contains("speaks TLS (HTTPS): use " + https());
    }

    @Test
    void anUnusableCaFileNamesWhereItCameFrom() throws Exception {
        var missing = cli.run(CLI_TIMEOUT, "lock", "list", "--server", https(), "--ca", dir.resolve("no-such-ca.pem").toString());
        assertOneClearLine(missing, 2);
        assertThat(missing.err()).contains("--ca: ").contains("no-such-ca.pem does not exist");

        Path notPem = dir.resolve("notes.txt");
        Files.writeString(notPem, "the CA is on the wiki\n");
        var fromEnvironment = ChildJvm.run(Map.of("BATON_ADMIN_PASSWORD", TlsServers.ADMIN_PASSWORD, "BATON_CA", notPem.toString()),
                CLI_TIMEOUT, "lock", "list", "--server", https());
        assertOneClearLine(fromEnvironment, 2);
        assertThat(fromEnvironment.err()).contains("BATON_CA: ").contains("holds no certificate");
    }
}
