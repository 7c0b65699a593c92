package dev.baton.jump.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAddressTest {

    @Test
    void readsEveryFormAnOperatorWrites() {
        assertThat(HostAddress.parse("testsys")).isEqualTo(new HostAddress("testsys", "testsys", 22, "root"));
        assertThat(HostAddress.parse("web1=10.0.0.5")).isEqualTo(new HostAddress("web1", "10.0.0.5", 22, "root"));
        assertThat(HostAddress.parse("host1=127.0.0.1:2201")).isEqualTo(new HostAddress("host1", "127.0.0.1", 2201, "root"));
        assertThat(HostAddress.parse("web1=admin@web1.example:2222"))
                .isEqualTo(new HostAddress("web1", "web1.example", 2222, "admin"));
        assertThat(HostAddress.parse("admin@db1")).isEqualTo(new HostAddress("db1", "db1", 22, "admin"));
        assertThat(HostAddress.parse("v6=[::1]:2200")).isEqualTo(new HostAddress("v6", "::1", 2200, "root"));
        assertThat(HostAddress.parse("v6=[::1]:2200").target()).isEqualTo("root@[::1]:2200");
        assertThat(HostAddress.parse(HostAddress.parse("h=u@x:3").toString())).isEqualTo(HostAddress.parse("h=u@x:3"));
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> HostAddress.parse("web1=host:abc")).hasMessageContaining("'web1=host:abc' is not a host")
                .hasMessageContaining("port 'abc' is not a number");
        assertThatThrownBy(() -> HostAddress.parse("web1=host:70000")).hasMessageContaining("70000");
        assertThatThrownBy(() -> HostAddress.parse("=")).hasMessageContaining("empty");
    }

    @Test
    void anExpectedKeyComesFromAFingerprintOrAPubFile(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("ssh_host_ed25519_key");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start();
        assertThat(p.waitFor()).isZero();
        Process lf = new ProcessBuilder("ssh-keygen", "-lf", key + ".pub").start();
        String fingerprint = new String(lf.getInputStream().readAllBytes()).split(" ")[1];

        assertThat(ExpectedHostKey.fromPublicKeyFile(Path.of(key + ".pub")).fingerprint()).isEqualTo(fingerprint);
        assertThat(ExpectedHostKey.fromSource("ssh_host_ed25519_key.pub", dir).fingerprint()).isEqualTo(fingerprint);
        assertThat(ExpectedHostKey.fromSource(fingerprint, dir)).isEqualTo(new ExpectedHostKey(fingerprint));
        assertThatThrownBy(() -> new ExpectedHostKey("MD5:aa:bb")).hasMessageContaining("not an SSH host key fingerprint");
        Path notAKey = dir.resolve("x.pub");
        Files.writeString(notAKey, "hello\n");
        assertThatThrownBy(() -> ExpectedHostKey.fromPublicKeyFile(notAKey)).isInstanceOf(IOException.class)
                .hasMessageContaining(notAKey.toString());
    }
}
