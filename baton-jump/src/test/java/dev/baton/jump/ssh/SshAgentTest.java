package dev.baton.jump.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in with the keys of a real OpenSSH ssh-agent (keys added with ssh-add) to real sshd test hosts, through
 * Baton's own agent client on the JDK's Unix-domain sockets; and the agent's failures, each with its message.
 */
class SshAgentTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final AtomicInteger AGENTS = new AtomicInteger();

    @TempDir
    static Path tmp;
    private static TestHosts hosts;
    private static Path rsaKey;
    private static Path strangerKey;
    private final List<Process> agents = new ArrayList<>();

    @BeforeAll
    static void startHosts() throws Exception {
        hosts = TestHosts.start(1, tmp);
        rsaKey = tmp.resolve("id_rsa");
        run(Map.of(), "ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "agent-rsa", "-f", rsaKey.toString());
        hosts.authorize(Path.of(rsaKey + ".pub"));
        strangerKey = tmp.resolve("id_stranger");
        run(Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "stranger", "-f", strangerKey.toString());
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @AfterEach
    void stopAgents() throws InterruptedException {
        for (Process p : agents) {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void anEd25519KeyInTheAgentLogsIn() throws Exception {
        Path socket = agent(Map.of(), hosts.clientKey());
        try (SshConnector ssh = new SshConnector(agentOnly(socket));
             HostSession s = ssh.connect(host().address(), Optional.empty())) {
            List<String> out = new ArrayList<>();
            assertThat(s.run("id -u", T, out::add).exitStatus()).isZero();
            assertThat(out).containsExactly("0");
        }
        assertThat(host().sshdLog()).contains("Accepted publickey for root").contains(fingerprint(hosts.clientKey()));
    }

    @Test
    void anRsaKeyInTheAgentSignsWithSha2BecauseOpenSshRefusesSha1() throws Exception {
        Path socket = agent(Map.of(), rsaKey);
        try (SshConnector ssh = new SshConnector(agentOnly(socket));
             HostSession s = ssh.connect(host().address(), Optional.empty())) {
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
        assertThat(host().sshdLog()).containsPattern("Accepted publickey for root .* RSA "
                + java.util.regex.Pattern.quote(fingerprint(rsaKey)));
    }

    @Test
    void theKeyFileIsTriedAfterTheAgentsKeys() throws Exception {
        Path socket = agent(Map.of(), strangerKey);
        SshSettings both = new SshSettings(hosts.clientKey(), hosts.knownHosts(), T, null, socket);
        try (SshConnector ssh = new SshConnector(both);
             HostSession s = ssh.connect(host().address(), Optional.empty())) {
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
    }

    @Test
    void noKeyAcceptedNamesTheHostAndEveryFingerprintTriedButNoKeyMaterial() throws Exception {
        Path socket = agent(Map.of(), strangerKey);
        Path otherFile = tmp.resolve("id_other_" + AGENTS.incrementAndGet());
        run(Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherFile.toString());
        SshSettings both = new SshSettings(otherFile, hosts.knownHosts(), T, null, socket);
        try (SshConnector ssh = new SshConnector(both)) {
            assertThatThrownBy(() -> ssh.connect(host().address(), Optional.empty()))
                    .isInstanceOf(IOException.class).isNotInstanceOf(HostKeyRejectedException.class)
                    .hasMessageContaining("host1").hasMessageContaining("accepted none of the keys")
                    .hasMessageContaining(fingerprint(strangerKey)).hasMessageContaining("ssh-agent " + socket)
                    .hasMessageContaining(fingerprint(otherFile)).hasMessageContaining("key file " + otherFile)
                    .hasMessageContaining("authorized_keys")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(publicKeyBase64(strangerKey))
                            .doesNotContain(publicKeyBase64(otherFile)));
        }
    }

    @Test
    void aKeyHeldByTheAgentAndTheFileIsOfferedOnce() throws Exception {
        Path socket = agent(Map.of(), strangerKey);
        SshSettings both = new SshSettings(strangerKey, hosts.knownHosts(), T, null, socket);
        try (SshConnector ssh = new SshConnector(both)) {
            assertThatThrownBy(() -> ssh.connect(host().address(), Optional.empty()))
                    .satisfies(e -> assertThat(e.getMessage().split(java.util.regex.Pattern.quote(
                            fingerprint(strangerKey)), -1)).hasSize(2));
        }
    }

    @Test
    void anAgentThatRefusesToSignIsSaid() throws Exception {
        // A key added with confirmation (ssh-add -c) whose confirmation program says no: the agent answers FAILURE.
        Path socket = agent(Map.of("SSH_ASKPASS", "/bin/false", "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"),
                hosts.clientKey(), "-c");
        try (SshConnector ssh = new SshConnector(agentOnly(socket))) {
            assertThatThrownBy(() -> ssh.connect(host().address(), Optional.empty()))
                    .isInstanceOf(IOException.class).hasMessageContaining("host1")
                    .hasMessageContaining("refused to sign").hasMessageContaining(socket.toString())
                    .hasMessageContaining(fingerprint(hosts.clientKey()));
        }
    }

    @Test
    void aMissingSocketIsSaidBeforeAnyHostIsTouched() {
        Path missing = tmp.resolve("no-agent.sock");
        assertThatThrownBy(() -> new SshConnector(agentOnly(missing)))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist").hasMessageContaining("ssh-add");
    }

    @Test
    void aPathThatIsNotASocketIsSaid() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-socket"), "x");
        assertThatThrownBy(() -> new SshConnector(agentOnly(file)))
                .isInstanceOf(IOException.class).hasMessageContaining(file + " is a regular file, not the socket");
        assertThatThrownBy(() -> new SshConnector(agentOnly(tmp)))
                .isInstanceOf(IOException.class).hasMessageContaining("is a directory, not the socket");
    }

    @Test
    void theSocketOfAnAgentThatEndedIsSaid() throws Exception {
        Path socket = tmp.resolve("agent-" + AGENTS.incrementAndGet() + ".sock");
        // A socket nobody listens on any more, as a killed agent leaves behind.
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        assertThatThrownBy(() -> new SshConnector(agentOnly(socket)))
                .isInstanceOf(IOException.class).hasMessageContaining(socket.toString())
                .hasMessageContaining("connection refused").hasMessageContaining("has ended");
    }

    @Test
    void anEmptyAgentWithoutAKeyFileIsSaid() throws Exception {
        Path socket = agent(Map.of());
        assertThatThrownBy(() -> new SshConnector(agentOnly(socket)))
                .isInstanceOf(IOException.class).hasMessageContaining(socket.toString())
                .hasMessageContaining("holds no keys").hasMessageContaining("ssh-add");
    }

    @Test
    void theOptionWithoutASocketTakesSshAuthSockOrSaysItIsMissing() {
        assertThat(SshSettings.agentSocket("--jump-ssh-agent", "", "/run/a.sock")).isEqualTo(Path.of("/run/a.sock"));
        assertThat(SshSettings.agentSocket("--jump-ssh-agent", "/x.sock", "/run/a.sock")).isEqualTo(Path.of("/x.sock"));
        assertThatThrownBy(() -> SshSettings.agentSocket("--jump-ssh-agent", "", null))
                .hasMessageContaining("--jump-ssh-agent").hasMessageContaining("SSH_AUTH_SOCK");
    }

    private SshSettings agentOnly(Path socket) {
        return new SshSettings(null, hosts.knownHosts(), T, null, socket);
    }

    /** Starts a real ssh-agent on a fresh socket and adds {@code keys} with ssh-add. */
    private Path agent(Map<String, String> env, Path... keys) throws Exception {
        return agent(env, keys.length == 0 ? null : keys[0], null);
    }

    private Path agent(Map<String, String> env, Path key, String addOption) throws Exception {
        Path socket = tmp.resolve("agent-" + AGENTS.incrementAndGet() + ".sock");
        ProcessBuilder pb = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        agents.add(pb.start());
        long deadline = System.nanoTime() + T.toNanos();
        while (!Files.exists(socket)) {
            assertThat(System.nanoTime()).as("ssh-agent made no socket").isLessThan(deadline);
            Thread.sleep(20);
        }
        if (key != null) {
            Map<String, String> addEnv = new java.util.HashMap<>(env);
            addEnv.put("SSH_AUTH_SOCK", socket.toString());
            if (addOption != null) {
                run(addEnv, "ssh-add", addOption, key.toString());
            } else {
                run(addEnv, "ssh-add", key.toString());
            }
        }
        return socket;
    }

    private static void run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    private static String fingerprint(Path privateKey) throws IOException {
        return ExpectedHostKey.fromPublicKeyFile(Path.of(privateKey + ".pub")).fingerprint();
    }

    private static String publicKeyBase64(Path privateKey) throws IOException {
        return Files.readString(Path.of(privateKey + ".pub")).split(" ")[1];
    }

    private static TestHost host() {
        return hosts.host("host1");
    }
}
