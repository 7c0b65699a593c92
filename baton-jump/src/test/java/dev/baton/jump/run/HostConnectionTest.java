package dev.baton.jump.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostKeyRejectedException;
import dev.baton.jump.ssh.SshConnector;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's connection to a host whose recipe declared a key change, against a real sshd, before and after the reboot. */
class HostConnectionTest {

    private static final Duration T = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;
    private static TestHosts hosts;
    private static SshConnector ssh;

    @BeforeAll
    static void startHosts() throws IOException {
        hosts = TestHosts.start(1, tmp);
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
    void aConnectionMadeAgainBeforeTheRebootAcceptsTheOldKeyAndAfterItTheDeclaredOneButNeverAThirdKey() throws Exception {
        TestHost host = hosts.host("host1");
        String declared = ExpectedHostKey.fromPublicKeyFile(host.nextHostKeyFile()).fingerprint();

        // the hostkey line ran, the connection was lost before the reboot: the host still shows its old key
        try (HostConnection before = new HostConnection(ssh, null, host.address())) {
            assertThat(before.session(declared).run("true", T).exitStatus()).isZero();
        }

        host.reboot(Duration.ofMillis(200), true);
        awaitUp(host);
        try (HostConnection after = new HostConnection(ssh, null, host.address())) {
            assertThat(after.session(declared).run("true", T).exitStatus()).isZero();
        }

        String another = "SHA256:" + "A".repeat(43);
        host.reboot(Duration.ofMillis(200), true);
        awaitUp(host);
        try (HostConnection third = new HostConnection(ssh, null, host.address())) {
            assertThatThrownBy(() -> third.session(another)).isInstanceOf(HostKeyRejectedException.class)
                    .hasMessageContaining(another).hasMessageContaining("known_hosts");
        }
    }

    private static void awaitUp(TestHost host) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!ssh.reachable(host.address(), Duration.ofSeconds(1)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
