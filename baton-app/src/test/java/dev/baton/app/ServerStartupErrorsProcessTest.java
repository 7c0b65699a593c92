package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton server} that cannot start says why in one message, names what to fix, exits with the
 * documented code (2 bad options or config, 1 could not start) and never dumps a stack trace.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServerStartupErrorsProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, String> ENV = Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD);

    @TempDir
    Path tmp;

    private ChildJvm.Result server(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "server";
        System.arraycopy(args, 0, all, 1, args.length);
        ChildJvm.Result result = ChildJvm.run(ENV, TIMEOUT, all);
        ChildJvm.assertNoStackTrace(result);
        assertThat(result.err()).as("the server never said it was listening: %s", result).doesNotContainPattern("Baton \\S+ listening on https?://");
        return result;
    }

    @Test
    void anUnknownKeyInTheConfigFileIsExitTwoNamingFileAndLine() throws IOException {
        Path config = tmp.resolve("baton.conf");
        Files.writeString(config, "# Baton\nport = 0\n\ndata = " + tmp.resolve("data") + "\nprot = 8080\n");

        var result = server("--config", config.toString());
        assertThat(result.exit()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains(config.toString()).contains("line 5").contains("prot");
        assertThat(tmp.resolve("data")).as("nothing was started").doesNotExist();
    }

    @Test
    void aLineWithoutEqualsInTheConfigFileIsExitTwoNamingFileAndLine() throws IOException {
        Path config = tmp.resolve("broken.conf");
        Files.writeString(config, "port = 0\nstore postgresql://db/baton\n");

        var result = server("--config=" + config);
        assertThat(result.exit()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains(config.toString()).contains("line 2").contains("store postgresql://db/baton");
    }

    @Test
    void aNegativeOrMalformedEventRetentionIsExitTwoSayingWhatIsAllowed() {
        var negative = server("--event-retention", "-P1D", "--port", "0", "--data", tmp.resolve("data").toString());
        assertThat(negative.exit()).as("%s", negative).isEqualTo(2);
        assertThat(negative.err()).contains("--event-retention").contains("zero").contains("positive");
        var malformed = server("--event-retention", "a year", "--port", "0", "--data", tmp.resolve("data").toString());
        assertThat(malformed.exit()).as("%s", malformed).isEqualTo(2);
        assertThat(malformed.err()).contains("--event-retention").contains("'a year' is not an ISO-8601 duration such as PT4H");
        assertThat(tmp.resolve("data")).as("nothing was started").doesNotExist();
    }

    @Test
    void outOfRangeSettingsAndAnAddressNotOfThisMachineAreExitTwoNamingTheOption() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--default-slots", "-1"), "--default-slots must be between 0");
        cases.put(List.of("--stale-after", "PT0S"), "--stale-after must be a positive duration");
        cases.put(List.of("--port", "70000"), "--port must be between 1 and 65535");
        cases.put(List.of("--bind", "203.0.113.5"), "--bind: 203.0.113.5 is not an address of this machine");
        cases.put(List.of("--bind", "999.1.1.1"), "--bind: '999.1.1.1' is not an address or a known host name");
        cases.forEach((options, message) -> {
            List<String> args = new ArrayList<>(options);
            args.addAll(List.of("--data", tmp.resolve("data").toString()));
            var result = server(args.toArray(String[]::new));
            assertThat(result.exit()).as("%s", result).isEqualTo(2);
            assertThat(result.err()).as("%s", options).contains(message).doesNotContain("Exception");
        });
        assertThat(tmp.resolve("data")).as("nothing was started").doesNotExist();
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressIsExitTwoNamingIt() {
        var result = server("--trusted-proxies", "10.0.0.0/8,proxy.example.com", "--port", "0", "--data", tmp.resolve("data").toString());
        assertThat(result.exit()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains("--trusted-proxies").contains("'proxy.example.com'").contains("10.0.0.0/8")
                .doesNotContain("Exception");
        assertThat(tmp.resolve("data")).as("nothing was started").doesNotExist();
    }

    @Test
    void aMissingConfigFileIsExitTwo() {
        Path config = tmp.resolve("no-such.conf");
        var result = server("--config", config.toString(), "--port", "0", "--data", tmp.resolve("data").toString());
        assertThat(result.exit()).as("%s", result).isEqualTo(2);
        assertThat(result.err()).contains(config.toString()).contains("does not exist");
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsExitOneNamingTheDirectory() {
        ServerProcess running = ServerProcess.shared();
        Path data = ServerProcess.sharedDataDir();

        var result = server("--port", "0", "--data", data.toString());
        assertThat(result.exit()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains("data directory").contains(data.toString());
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(running.isAlive()).as("the first server is untouched").isTrue();
        assertThat(running.adminClient().list().has("locks")).isTrue();
    }

    @Test
    void aPortInUseIsExitOneWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var result = server("--port", Integer.toString(taken.getLocalPort()), "--data", tmp.resolve("data").toString());
            assertThat(result.exit()).as("%s", result).isEqualTo(1);
            assertThat(result.err()).contains("baton server: cannot start:").contains("port").contains("in use")
                    .contains(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void aStoreUrlThatIsNotPostgresqlIsExitOne() {
        var result = server("--port", "0", "--store", "jdbc:mysql://db/baton?password=hunter2");
        assertThat(result.exit()).as("%s", result).isEqualTo(1);
        assertThat(result.err()).contains("--store").contains("PostgreSQL").doesNotContain("hunter2");
    }
}
