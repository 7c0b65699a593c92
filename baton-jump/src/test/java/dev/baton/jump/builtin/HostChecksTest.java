package dev.baton.jump.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jump.plan.HostFacts;
import dev.baton.jump.plan.Plan;
import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.RecipeReader;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostKeyRejectedException;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.HostWaitTimeoutException;
import dev.baton.jump.ssh.SshConnector;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.ConnectedTestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking at hosts before and between a recipe's lines: pre-checks, probing for the plan, reboots. */
class HostChecksTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final String RECIPE = """
            JUMP_PARTITION = swap
            JUMP_MNT=/media/jump
            JUMP_IMAGE_SIZE=%s
            remote mkdir -p /jumpfiles
            local sudo scp -q payload.bin root@%%_HOST%%:/jumpfiles
            jump(copy, payload.bin, /jumpfiles)
            jump(usepartition, %%JUMP_PARTITION%%, %%JUMP_MNT%%)
            remote grub-install --root-directory=%%JUMP_MNT%% %%_JUMPDEV%%
            """;

    @TempDir
    static Path dir;
    private static ConnectedTestHosts hosts;
    private static SshConnector ssh;

    @BeforeAll
    static void start() throws IOException {
        hosts = ConnectedTestHosts.start(6, dir);
        ssh = hosts.ssh();
        Files.write(dir.resolve("payload.bin"), new byte[4096]);
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void aHostFitForTheJumpPassesEveryPreCheck() throws Exception {
        TestHost h = hosts.host("host1");

        assertThat(PreChecks.check(ssh, h.address(), recipe("32M"), vars(h))).isEmpty();
    }

    @Test
    void eachFailedPreCheckSaysWhy() throws Exception {
        TestHost h = hosts.host("host2");
        Files.writeString(h.path("/proc/mounts"), "/dev/sda1 / ext3 rw,relatime 0 0\n");

        List<PreCheckFailure> failures = PreChecks.check(ssh, h.address(), recipe("2G"), vars(h));

        assertThat(failures).extracting(PreCheckFailure::check).containsExactly("partition", "boot");
        assertThat(failures.get(0).reason()).contains("/dev/sda2 (swap, 64.0 MiB) on host2", "2.0 GiB",
                "JUMP_IMAGE_SIZE=2G");
        assertThat(failures.get(1).reason()).contains("/boot is not a separate partition on host2");
    }

    @Test
    void aCopyBiggerThanTheFreeSpaceFailsTheSpaceCheck() throws Exception {
        TestHost h = hosts.host("host1");
        Path huge = dir.resolve("huge.img");
        try (var f = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(0).position((8L << 40) - 1).write(java.nio.ByteBuffer.wrap(new byte[1])); // sparse: 8 TiB
        }
        Path file = dir.resolve("huge.cfg");
        Files.writeString(file, "remote mkdir -p /jumpfiles\njump(copy, huge.img, /jumpfiles/new)\n");
        Recipe recipe = RecipeReader.read(file);

        List<PreCheckFailure> failures = PreChecks.check(ssh, h.address(), recipe, vars(h));

        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("space");
            assertThat(f.reason()).contains("/jumpfiles/new on host1 has", "the recipe copies 8.0 TiB there");
        });
    }

    @Test
    void anUnreachableHostFailsTheSshCheck() throws Exception {
        TestHost h = hosts.host("host3");
        h.stop();
        try {
            List<PreCheckFailure> failures = PreChecks.check(ssh, h.address(), recipe("32M"), vars(h));

            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.check()).isEqualTo("ssh");
                assertThat(f.reason()).contains("host3", "cannot connect");
            });
        } finally {
            h.start();
        }
    }

    @Test
    void probingFillsThePlanWithWhatTheHostsTell() throws Exception {
        TestHost h = hosts.host("host4");
        Recipe recipe = recipe("32M");
        Path logs = dir.resolve("logs");

        ProbedFacts facts = ProbedFacts.probe(ssh, recipe, List.of(h.address(), hosts.host("host3").address()), logs);
        Plan plan = Plan.of(recipe, List.of("host4"), facts, null, logs);

        assertThat(facts.value("host4", InternalVariables.JUMPPARTITION)).hasValue("/dev/sda2");
        assertThat(facts.value("host4", InternalVariables.JUMPDEVICEID)).hasValue("hd0,1");
        assertThat(plan.steps("host4").getLast().text()).isEqualTo("grub-install --root-directory=/media/jump /dev/sda");
        assertThat(h.commandLog()).as("probing only reads").isEmpty();
        assertThat(Plan.of(recipe, List.of("host4"), HostFacts.NONE, null, logs).steps("host4").getLast().text())
                .contains(Plan.OPEN + "_JUMPDEV: set by usepartition on line 7" + Plan.CLOSE);
    }

    @Test
    void anUnreachableHostIsAPlaceholderSayingWhy() throws Exception {
        TestHost h = hosts.host("host5");
        h.stop();
        try {
            ProbedFacts facts = ProbedFacts.probe(ssh, recipe("32M"), List.of(h.address()), dir);

            assertThat(facts.value("host5", InternalVariables.JUMPDEV)).hasValueSatisfying(v ->
                    assertThat(v).startsWith(Plan.OPEN + "_JUMPDEV: probing host5 failed: cannot connect"));
        } finally {
            h.start();
        }
    }

    @Test
    void aRebootComesBackWithTheDeclaredKeyOrTimesOut() throws Exception {
        TestHost h = hosts.host("host6");
        h.onReboot(Duration.ofMillis(500), true);
        ExpectedHostKey next = ExpectedHostKey.fromPublicKeyFile(h.nextHostKeyFile());
        List<String> log = new ArrayList<>();

        try (HostSession after = Reboots.reboot(ssh, ssh.connect(h.address(), Optional.empty()), "reboot", T,
                Optional.of(next), log::add)) {
            assertThat(after.run("true", T).exitStatus()).isZero();
        }
        assertThat(log).contains("$ reboot", "reboot: the connection dropped; waiting for host6 to go down")
                .anyMatch(l -> l.contains("is back with the declared key " + next))
                .anyMatch(l -> l.startsWith("known_hosts ") && l.contains(next.fingerprint()));
        try (HostSession s = ssh.connect(h.address(), Optional.empty())) { // known_hosts has the new key now
            assertThat(s.run("true", T).exitStatus()).isZero();
        }

        h.onReboot(Duration.ofMillis(500), true);
        assertThatThrownBy(() -> Reboots.reboot(ssh, ssh.connect(h.address(), Optional.of(next)), "reboot", T,
                Optional.of(next), log::add)).isInstanceOf(HostKeyRejectedException.class);

        h.neverComesBackAfterReboot();
        ExpectedHostKey now = ExpectedHostKey.fromPublicKeyFile(h.hostKeyFile());
        assertThatThrownBy(() -> Reboots.reboot(ssh, ssh.connect(h.address(), Optional.of(now)), "shutdown -r now",
                Duration.ofSeconds(3), Optional.of(now), log::add)).isInstanceOf(HostWaitTimeoutException.class)
                .hasMessageContaining("did not come back");
    }

    private static Recipe recipe(String imageSize) throws IOException {
        Path file = dir.resolve("recipe-" + imageSize + ".cfg");
        Files.writeString(file, RECIPE.formatted(imageSize));
        Recipe recipe = RecipeReader.read(file);
        assertThat(recipe.problems()).isEmpty();
        return recipe;
    }

    private static Variables vars(TestHost h) {
        return InternalVariables.forHost(h.name(), dir.resolve("logs"));
    }
}
