package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.io.IOException;
import java.io.InputStream;
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

/** {@code baton jump plan --probe}: the sample's dry run with what real (test) hosts answer over SSH. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JumpPlanProbeProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Map<String, String> ENV = Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");

    @TempDir
    static Path dir;
    static Path sample;
    static TestHosts hosts;

    @BeforeAll
    static void start() throws IOException {
        sample = dir.resolve("nextrel.cfg");
        try (InputStream in = JumpPlanProbeProcessTest.class.getResourceAsStream("/jump2nr/nextrel.cfg")) {
            Files.copy(in, sample);
        }
        hosts = TestHosts.start(2, dir);
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void probeFillsInThePartitionEachHostWouldGive() {
        TestHost h1 = hosts.host("host1");
        ChildJvm.Result r = baton("jump", "plan", "--probe", "--ssh-key", hosts.clientKey().toString(),
                "--known-hosts", hosts.knownHosts().toString(), sample.toString(), arg(h1));

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("grub-install --root-directory=/media/jump /dev/sda",
                "sed -e s:/dev/sda1:/dev/sda2: -e s:hd0,0:hd0,1:").doesNotContain("‹_JUMP");
        assertThat(h1.commandLog()).as("probing changes nothing").isEmpty();
        assertThat(hosts.host("host1").path("/media/jump")).doesNotExist();
    }

    @Test
    void aHostWhoseKeyIsUnknownKeepsPlaceholdersSayingWhy() throws IOException {
        Path empty = dir.resolve("empty_known_hosts");
        Files.writeString(empty, "");
        ChildJvm.Result r = baton("jump", "plan", "--probe", "--ssh-key", hosts.clientKey().toString(),
                "--known-hosts", empty.toString(), sample.toString(), arg(hosts.host("host2")));

        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("‹_JUMPDEV: probing host2 failed: host key of host2 (127.0.0.1:"
                + hosts.host("host2").port() + ") is unknown");
    }

    @Test
    void sshOptionsWithoutProbeAreAMistake() {
        ChildJvm.Result r = baton("jump", "plan", "--ssh-key", hosts.clientKey().toString(), sample.toString(), "host1");

        assertThat(r.exit()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("--ssh-key, --ssh-agent and --known-hosts are for --probe");
    }

    @Test
    void probeLogsInWithTheAgentSshAuthSockNames() throws Exception {
        Path socket = dir.resolve("probe-agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            while (!Files.exists(socket)) {
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", hosts.clientKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process p = add.start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            java.util.Map<String, String> env = new java.util.HashMap<>(ENV);
            env.put("SSH_AUTH_SOCK", socket.toString());
            ChildJvm.Result r = ChildJvm.run(env, TIMEOUT, "jump", "plan", "--probe", "--ssh-agent", "--known-hosts",
                    hosts.knownHosts().toString(), sample.toString(), arg(hosts.host("host1")));
            ChildJvm.assertNoStackTrace(r);

            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(r.out()).contains("grub-install --root-directory=/media/jump /dev/sda").doesNotContain("‹_JUMP");
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    private static String arg(TestHost h) {
        return h.name() + "=127.0.0.1:" + h.port();
    }

    private static ChildJvm.Result baton(String... args) {
        ChildJvm.Result r = ChildJvm.run(ENV, TIMEOUT, args);
        ChildJvm.assertNoStackTrace(r);
        return r;
    }
}
