package dev.baton.jump.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Statement.Builtin;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.ConnectedTestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-ins on real test hosts: usepartition on disk-image files (mkswap'ed swap, real blkid and mkfs.ext4; the
 * hosts' mount and swapoff are stand-ins, see the test hosts), copy over SFTP, showvars.
 */
class BuiltinRunnerTest {

    @TempDir
    static Path recipeDir;
    private static ConnectedTestHosts hosts;
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void start() {
        hosts = ConnectedTestHosts.start(6, recipeDir);
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void usepartitionTakesTheSwapPartitionFormatsAndMountsItAndSetsTheJumpVariables() throws Exception {
        TestHost h = hosts.host("host1");
        Variables vars = Variables.EMPTY.with("JUMP_IMAGE_SIZE", "32M").with("JUMP_MNT", "/media/jump");

        BuiltinOutcome out = run(h, vars, "usepartition", "swap", "%JUMP_MNT%");

        assertThat(out.succeeded()).as(out.message() + "\n" + String.join("\n", log)).isTrue();
        assertThat(out.vars().get(InternalVariables.JUMPPARTITION)).hasValue("/dev/sda2");
        assertThat(out.vars().get(InternalVariables.JUMPDEV)).hasValue("/dev/sda");
        assertThat(out.vars().get(InternalVariables.JUMPDEVICEID)).hasValue("hd0,1");
        assertThat(out.vars().get(InternalVariables.MOUNTDIR)).hasValue("/media/jump");
        assertThat(h.commandLog()).containsExactly("swapoff /dev/sda2", "mount /dev/sda2 /media/jump");
        assertThat(remote(h, "blkid -o value -s TYPE /dev/sda2; grep -c sda2 /proc/swaps; test -d /media/jump && echo dir"))
                .containsExactly("ext4", "0", "dir");
        assertThat(log).anyMatch(l -> l.contains("/dev/sda2 (64.0 MiB)") && l.contains("hd0,1"))
                .contains("$ mkfs.ext4 -q -F /dev/sda2");
    }

    @Test
    void aPartitionSmallerThanTheJumpImageIsRefusedBeforeAnythingChanges() throws Exception {
        TestHost h = hosts.host("host2");
        Files.write(recipeDir.resolve("big.tgz"), new byte[0]);
        try (var f = java.nio.channels.FileChannel.open(recipeDir.resolve("big.tgz"), java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(0).position((100L << 20) - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
        }

        BuiltinOutcome bySize = run(h, Variables.EMPTY.with("JUMP_IMAGE_SIZE", "1G"), "usepartition", "swap", "/media/jump");
        BuiltinOutcome byFile = run(h, Variables.EMPTY.with("JUMP_TAR", "big.tgz"), "usepartition", "swap", "/media/jump");

        assertThat(bySize.succeeded()).isFalse();
        assertThat(bySize.message()).contains("/dev/sda2", "host2", "64.0 MiB", "1.0 GiB", "JUMP_IMAGE_SIZE=1G",
                "nothing was changed");
        assertThat(byFile.message()).contains("100.0 MiB", "the size of big.tgz");
        assertThat(bySize.vars().get(InternalVariables.JUMPPARTITION)).isEmpty();
        assertThat(h.commandLog()).isEmpty();
        assertThat(remote(h, "blkid -o value -s TYPE /dev/sda2")).containsExactly("swap");
    }

    @Test
    void aNamedPartitionIsUsedButNeverTheRunningRootOrBoot() throws Exception {
        TestHost h = hosts.host("host3");
        remote(h, "truncate -s 16M /dev/sdb1");

        BuiltinOutcome named = run(h, Variables.EMPTY, "usepartition", "/dev/sdb1", "/mnt/new");
        BuiltinOutcome root = run(h, Variables.EMPTY, "usepartition", "/dev/sda1", "/mnt/x");
        BuiltinOutcome boot = run(h, Variables.EMPTY, "usepartition", "/dev/sda3", "/mnt/x");
        BuiltinOutcome missing = run(h, Variables.EMPTY, "usepartition", "/dev/sdc1", "/mnt/x");

        assertThat(named.succeeded()).as(named.message()).isTrue();
        assertThat(named.vars().get(InternalVariables.JUMPDEV)).hasValue("/dev/sdb");
        assertThat(named.vars().get(InternalVariables.JUMPDEVICEID)).hasValue("hd1,0");
        assertThat(remote(h, "blkid -o value -s TYPE /dev/sdb1")).containsExactly("ext4");
        assertThat(h.commandLog()).containsExactly("mount /dev/sdb1 /mnt/new");
        assertThat(root.message()).contains("/dev/sda1 is mounted at / on host3", "cannot replace");
        assertThat(boot.message()).contains("mounted at /boot");
        assertThat(missing.message()).contains("/dev/sdc1 does not exist on host3");
    }

    @Test
    void aHostWithoutSwapSaysSo() throws Exception {
        TestHost h = hosts.host("host4");
        remote(h, "swapoff /dev/sda2");

        BuiltinOutcome out = run(h, Variables.EMPTY, "usepartition", "swap", "/media/jump");

        assertThat(out.message()).contains("no swap partition on host4", "jump(usepartition, /dev/sda2, /media/jump)");
    }

    @Test
    void copyUploadsLocalFilesWithoutShellingOut() throws Exception {
        TestHost h = hosts.host("host5");
        Files.writeString(recipeDir.resolve("a.txt"), "A");
        Files.writeString(recipeDir.resolve("b.txt"), "BB");
        remote(h, "mkdir -p /jumpfiles");

        BuiltinOutcome out = run(h, Variables.EMPTY.with("D", "/jumpfiles"), "copy", "a.txt", "b.txt", "%D%");
        BuiltinOutcome missing = run(h, Variables.EMPTY, "copy", "nope.txt", "/jumpfiles");

        assertThat(out.succeeded()).as(out.message()).isTrue();
        assertThat(h.path("/jumpfiles/a.txt")).hasContent("A");
        assertThat(h.path("/jumpfiles/b.txt")).hasContent("BB");
        assertThat(log).contains("copy: a.txt (1 bytes) to host5:/jumpfiles");
        assertThat(missing.succeeded()).isFalse();
        assertThat(missing.message()).contains("nope.txt", "is not a file");
    }

    @Test
    void showvarsWritesEveryVariableToTheLog() throws Exception {
        BuiltinOutcome out = run(hosts.host("host6"), Variables.EMPTY.with("_HOST", "host6").with("A", "1"), "showvars");

        assertThat(out.succeeded()).isTrue();
        assertThat(log).containsExactly("_HOST=host6", "A=1");
    }

    @Test
    void rebootAndHostkeyBelongToTheRunner() {
        assertThatThrownBy(() -> run(hosts.host("host6"), Variables.EMPTY, "reboot"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runner");
    }

    private BuiltinOutcome run(TestHost h, Variables vars, String function, String... args) throws Exception {
        try (HostSession s = hosts.ssh().connect(h.address(), Optional.empty())) {
            return new BuiltinRunner(recipeDir).run(new Builtin(7, "jump(...)", function, List.of(args)), vars, s,
                    log::add);
        }
    }

    private static List<String> remote(TestHost h, String command) throws Exception {
        return hosts.remote(h, command);
    }
}
