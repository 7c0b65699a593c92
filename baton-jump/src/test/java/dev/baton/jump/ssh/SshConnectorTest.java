package dev.baton.jump.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH client against real OpenSSH servers (the test hosts): commands, uploads, host keys, reboots. */
class SshConnectorTest {

    private static final Duration T = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    private static TestHosts hosts;
    private static SshConnector ssh;

    @BeforeAll
    static void startHosts() throws IOException {
        hosts = TestHosts.start(6, tmp);
        ssh = new SshConnector(hosts.settings());
    }

    @AfterAll
    static void stopHosts() throws IOException {
        if (ssh != null) {
            ssh.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void runsACommandWithItsOutputLineByLineInOrderOfArrivalAndItsExitStatus() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (HostSession s = ssh.connect(host(1).address(), Optional.empty())) {
            CommandResult r = s.run("echo one; sleep 0.2; echo two >&2; sleep 0.2; printf 'three\\r\\nfour'; exit 7",
                    T, lines::add);

            assertThat(r.exitStatus()).isEqualTo(7);
            assertThat(lines).containsExactly("one", "two", "three", "four");
            assertThat(r.outputTail()).isEqualTo("one\ntwo\nthree\nfour\n");
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
    }

    @Test
    void commandsRunInsideTheHostsOwnRootAsRoot() throws Exception {
        try (HostSession s = ssh.connect(host(1).address(), Optional.empty())) {
            List<String> out = new ArrayList<>();
            CommandResult r = s.run("id -u; cat /etc/hostname; mkdir -p /jumpfiles && echo hi > /jumpfiles/x", T, out::add);

            assertThat(r.exitStatus()).isZero();
            assertThat(out).containsExactly("0", "host1");
            assertThat(host(1).path("/jumpfiles/x")).hasContent("hi");
        }
    }

    @Test
    void uploadsAFileKeepingItsPermissions() throws Exception {
        Path script = tmp.resolve("jump2.sh");
        Files.writeString(script, "#!/bin/sh\necho \"prep $1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        try (HostSession s = ssh.connect(host(1).address(), Optional.empty())) {
            s.run("mkdir -p /up", T);
            s.upload(script, "/up");
            List<String> out = new ArrayList<>();
            CommandResult r = s.run("/up/jump2.sh prep; stat -c %a /up/jump2.sh", T, out::add);

            assertThat(r.exitStatus()).isZero();
            assertThat(out).containsExactly("prep prep", "750");
            assertThatThrownBy(() -> s.upload(script, "/no/such/dir"))
                    .isInstanceOf(IOException.class).hasMessageContaining("/no/such/dir").hasMessageContaining("host1");
        }
    }

    @Test
    void aCommandLongerThanItsTimeoutIsAbandoned() throws Exception {
        try (HostSession s = ssh.connect(host(1).address(), Optional.empty())) {
            assertThatThrownBy(() -> s.run("sleep 20", Duration.ofMillis(500)))
                    .isInstanceOf(CommandTimeoutException.class).hasMessageContaining("sleep 20");
            assertThat(s.run("echo still usable", T).exitStatus()).isZero();
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedNamingHostFingerprintAndKnownHostsFile() throws Exception {
        Path empty = tmp.resolve("empty_known_hosts");
        Files.writeString(empty, "");
        SshSettings settings = new SshSettings(hosts.clientKey(), empty, T, null);
        String offered = ExpectedHostKey.fromPublicKeyFile(host(1).hostKeyFile()).fingerprint();
        try (SshConnector strict = new SshConnector(settings)) {
            assertThatThrownBy(() -> strict.connect(host(1).address(), Optional.empty()))
                    .isInstanceOf(HostKeyRejectedException.class)
                    .hasMessageContaining("host1").hasMessageContaining(offered)
                    .hasMessageContaining(empty.toString()).hasMessageContaining("unknown");
        }
    }

    @Test
    void hashedKnownHostsEntriesAreMatched() throws Exception {
        Path hashed = tmp.resolve("hashed_known_hosts");
        Files.copy(hosts.knownHosts(), hashed);
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", hashed.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(hashed)).startsWith("|1|").doesNotContain("127.0.0.1");
        try (SshConnector hashedSsh = new SshConnector(new SshSettings(hosts.clientKey(), hashed, T, null));
             HostSession s = hashedSsh.connect(host(1).address(), Optional.empty())) {
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
    }

    @Test
    void aChangedHostKeyIsRefusedAndTheDeclaredKeyIsAccepted() throws Exception {
        TestHost h = host(2);
        ExpectedHostKey declared = ExpectedHostKey.fromPublicKeyFile(h.nextHostKeyFile());
        String old = ExpectedHostKey.fromPublicKeyFile(h.hostKeyFile()).fingerprint();
        h.reboot(Duration.ofMillis(200), true);
        ssh.awaitUp(h.address(), T);

        assertThatThrownBy(() -> ssh.connect(h.address(), Optional.empty()))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("host2").hasMessageContaining("CHANGED")
                .hasMessageContaining(declared.fingerprint()).hasMessageContaining(old)
                .hasMessageContaining(hosts.knownHosts().toString());
        try (HostSession s = ssh.connect(h.address(), Optional.of(declared))) {
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
        ExpectedHostKey wrong = ExpectedHostKey.fromPublicKeyFile(host(1).hostKeyFile());
        assertThatThrownBy(() -> ssh.connect(h.address(), Optional.of(wrong)))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("not the key the recipe declared").hasMessageContaining(declared.fingerprint());
    }

    @Test
    void aDeclaredKeyTheHostPresentedReplacesItsLineInKnownHostsSoTheNextConnectionNeedsNoDeclaration()
            throws Exception {
        TestHost h = host(6);
        Path known = tmp.resolve("known_hosts_declared");
        String otherLines = "# kept\n" + Files.readAllLines(hosts.knownHosts()).stream()
                .filter(l -> !l.startsWith("[127.0.0.1]:" + h.port() + " ")).map(l -> l + "\n")
                .reduce("", String::concat);
        Files.writeString(known, otherLines + Files.readAllLines(hosts.knownHosts()).stream()
                .filter(l -> l.startsWith("[127.0.0.1]:" + h.port() + " ")).findFirst().orElseThrow() + "\n");
        List<String> notes = new ArrayList<>();
        try (SshConnector own = new SshConnector(new SshSettings(hosts.clientKey(), known, T, null))) {
            for (int restart = 1; restart <= 2; restart++) {
                ExpectedHostKey declared = ExpectedHostKey.fromPublicKeyFile(h.nextHostKeyFile());
                h.reboot(Duration.ofMillis(200), true);
                own.awaitUp(h.address(), T);
                assertThatThrownBy(() -> own.connect(h.address(), Optional.empty()))
                        .isInstanceOf(HostKeyRejectedException.class).hasMessageContaining("CHANGED");
                try (HostSession s = own.connect(h.address(), Optional.of(declared), notes::add)) {
                    assertThat(s.run("true", T).exitStatus()).isZero();
                }
                try (HostSession s = own.connect(h.address(), Optional.empty())) { // no declaration needed now
                    assertThat(s.run("true", T).exitStatus()).isZero();
                }
                assertThat(notes).last().asString().contains(known.toString()).contains(declared.fingerprint())
                        .contains("[127.0.0.1]:" + h.port());
            }
        }
        assertThat(notes).hasSize(2);
        String text = Files.readString(known);
        assertThat(text).startsWith(otherLines)
                .endsWith("[127.0.0.1]:" + h.port() + " " + Files.readString(h.hostKeyFile()).strip()
                        .replaceAll(" [^ ]*$", "") + "\n");
        try (SshConnector fresh = new SshConnector(new SshSettings(hosts.clientKey(), known, T, null));
             HostSession s = fresh.connect(h.address(), Optional.empty())) { // as a later run or plan --probe
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
    }

    @Test
    void aKnownHostsFileThatCannotBeWrittenIsSaidAndTheConnectionWithTheDeclaredKeyStillWorks() throws Exception {
        TestHost h = host(2);
        Path dirAsFile = tmp.resolve("not_a_dir");
        Files.writeString(dirAsFile, "");
        Path known = dirAsFile.resolve("known_hosts");
        ExpectedHostKey declared = ExpectedHostKey.fromPublicKeyFile(h.hostKeyFile());
        List<String> notes = new ArrayList<>();
        try (SshConnector own = new SshConnector(new SshSettings(hosts.clientKey(), known, T, null));
             HostSession s = own.connect(h.address(), Optional.of(declared), notes::add)) {
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
        assertThat(notes).singleElement().asString().contains("could not record the declared key of host2")
                .contains(known.toString()).contains("ssh-keygen -R '[127.0.0.1]:" + h.port() + "'");
    }

    @Test
    void aRemoteRebootDropsTheConnectionAndTheHostComesBack() throws Exception {
        TestHost h = host(3);
        h.onReboot(Duration.ofSeconds(1), false);
        try (HostSession s = ssh.connect(h.address(), Optional.empty())) {
            assertThatThrownBy(() -> s.run("reboot", T)).isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("host3");
        }
        ssh.awaitDown(h.address(), T);
        assertThat(ssh.reachable(h.address(), Duration.ofSeconds(1))).isFalse();
        ssh.awaitUp(h.address(), T);
        try (HostSession s = ssh.connect(h.address(), Optional.empty())) {
            assertThat(s.run("true", T).exitStatus()).isZero();
        }
        assertThat(h.reboots()).isEqualTo(1);
        assertThat(h.commandLog()).contains("reboot ");
    }

    @Test
    void aHostThatNeverComesBackTimesOut() throws Exception {
        TestHost h = host(4);
        h.neverComesBackAfterReboot();
        try (HostSession s = ssh.connect(h.address(), Optional.empty())) {
            assertThatThrownBy(() -> s.run("shutdown -r now", T)).isInstanceOf(ConnectionLostException.class);
        }
        ssh.awaitDown(h.address(), T);
        long start = System.nanoTime();
        assertThatThrownBy(() -> ssh.awaitUp(h.address(), Duration.ofSeconds(2)))
                .isInstanceOf(HostWaitTimeoutException.class).hasMessageContaining("host4")
                .hasMessageContaining("did not come back: no SSH answer within 2s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        h.start();
    }

    @RepeatedTest(5) // the last look before the deadline once had a 1 ms timeout, so it counted as "down"
    void awaitDownTimesOutWhenTheHostStaysUp() {
        assertThatThrownBy(() -> ssh.awaitDown(host(5).address(), Duration.ofMillis(600)))
                .isInstanceOf(HostWaitTimeoutException.class).hasMessageContaining("did not go down")
                .hasMessageContaining("after 600ms");
    }

    @Test
    void aKeyTheHostDoesNotKnowIsRefusedWithAHint() throws Exception {
        Path otherKey = tmp.resolve("other_key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).start().waitFor();
        try (SshConnector other = new SshConnector(new SshSettings(otherKey, hosts.knownHosts(), T, null))) {
            assertThatThrownBy(() -> other.connect(host(5).address(), Optional.empty()))
                    .isInstanceOf(IOException.class).isNotInstanceOf(HostKeyRejectedException.class)
                    .hasMessageContaining("host5").hasMessageContaining(otherKey.toString())
                    .hasMessageContaining("authorized_keys");
        }
    }

    @Test
    void aMissingOrPublicKeyFileIsReportedBeforeConnecting() throws Exception {
        Path missing = tmp.resolve("no_such_key");
        assertThatThrownBy(() -> new SshConnector(new SshSettings(missing, hosts.knownHosts(), T, null)))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
        Path pub = Path.of(hosts.clientKey() + ".pub");
        assertThatThrownBy(() -> new SshConnector(new SshSettings(pub, hosts.knownHosts(), T, null)))
                .isInstanceOf(IOException.class).hasMessageContaining(pub.toString());
    }

    @Test
    void theLocalScpOfTheSeedCopiesToATestHostThroughLocalBin() throws Exception {
        Path file = tmp.resolve("jump.system.tgz");
        Files.writeString(file, "image");
        try (HostSession s = ssh.connect(host(5).address(), Optional.empty())) {
            s.run("mkdir -p /jumpfiles", T);
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sudo scp -q jump.system.tgz root@host5:/jumpfiles")
                .directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", hosts.localBin() + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        assertThat(host(5).path("/jumpfiles/jump.system.tgz")).hasContent("image");
    }

    private static TestHost host(int n) {
        return hosts.host("host" + n);
    }
}
