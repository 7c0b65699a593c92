package dev.baton.jump.testhosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.SshConnector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test hosts themselves: what a recipe finds there, the stand-ins, and no sshd outliving a killed JVM. */
class TestHostsTest {

    private static final Duration T = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aHostHasTheSeedsLayoutAndHarmlessStandIns() throws Exception {
        try (TestHosts hosts = TestHosts.start(2, tmp); SshConnector ssh = new SshConnector(hosts.settings())) {
            TestHost h = hosts.host("host2");
            List<String> out = new ArrayList<>();
            try (HostSession s = ssh.connect(h.address(), Optional.empty())) {
                int status = s.run(String.join("; ",
                        "blkid -o value -s TYPE /dev/sda2",
                        "tail -n +2 /proc/swaps | cut -f1 -d' '",
                        "swapoff /dev/sda2 && tail -n +2 /proc/swaps | wc -l",
                        "mkfs.ext4 -q -F /dev/sda2 && blkid -o value -s TYPE /dev/sda2",
                        "mkdir -p /media/jump && mount /dev/sda2 /media/jump && grep -c /media/jump /proc/mounts",
                        "grub-install --root-directory=/media/jump /dev/sda",
                        "grep -c 'root (hd0,0)' /boot/grub/menu.lst",
                        "cat /etc/hostname"), T, out::add).exitStatus();

                assertThat(status).as(String.join("\n", out)).isZero();
            }
            assertThat(out).containsExactly("swap", "/dev/sda2", "0", "ext4", "1",
                    "Installation finished. No error reported.", "1", "host2");
            assertThat(h.commandLog()).containsExactly("swapoff /dev/sda2", "mount /dev/sda2 /media/jump",
                    "grub-install --root-directory=/media/jump /dev/sda");
            assertThat(Files.size(h.path("/dev/sda2"))).isEqualTo(64L << 20);
            assertThat(hosts.host("host1").path("/dev/sda2")).isNotEqualTo(h.path("/dev/sda2"));

            ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sudo ssh host1 cat /etc/hostname").redirectErrorStream(true);
            pb.environment().put("PATH", hosts.localBin() + ":" + System.getenv("PATH"));
            Process p = pb.start();
            String local = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(local).isZero();
            assertThat(local).isEqualTo("host1\n");
        }
    }

    @Test
    void noSshdOutlivesAKilledJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                tmp.toString()).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        int port = -1;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                port = Integer.parseInt(line.substring(5));
                break;
            }
        }
        assertThat(port).as("the child JVM started a host").isPositive();
        assertThat(listening(port)).isTrue();

        child.destroyForcibly().waitFor();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (listening(port) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(listening(port)).as("the watchdog stopped the sshd of the killed JVM").isFalse();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A JVM that starts a host, says its port and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            TestHosts hosts = TestHosts.start(1, Path.of(args[0]));
            System.out.println("PORT " + hosts.hosts().getFirst().port());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5));
        }
    }
}
