package dev.baton.jump.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.jump.recipe.Statement.Builtin;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.testhosts.ConnectedTestHosts;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * usepartition with a real mount: on machines with loop devices (this sandbox has them) the test host's mount is a
 * loop mount of the swap image that usepartition formatted, so what the recipe writes under the mount point lands in
 * that ext4 file system. Skipped where loop devices are missing.
 */
class RealMountTest {

    @TempDir
    Path dir;

    @Test
    void theFormattedSwapImageReallyMountsAtTheMountPoint() throws Exception {
        assumeTrue(TestHosts.loopMountsWork(), "no loop devices on this machine");
        Path base;
        try (ConnectedTestHosts hosts = ConnectedTestHosts.start(1, dir)) {
            TestHost h = hosts.host("host1");
            base = h.root().getParent().getParent();
            h.useRealMounts();
            List<String> log = new ArrayList<>();
            BuiltinOutcome out;
            try (HostSession s = hosts.ssh().connect(h.address(), Optional.empty())) {
                out = new BuiltinRunner(dir).run(new Builtin(1, "jump(usepartition, swap, /media/jump)", "usepartition",
                        List.of("swap", "/media/jump")), Variables.EMPTY.with("JUMP_IMAGE_SIZE", "32M"), s, log::add);
            }
            assertThat(out.succeeded()).as(out.message() + "\n" + String.join("\n", log)).isTrue();

            assertThat(hosts.remote(h, "echo jump > /media/jump/marker; ls /media/jump")).contains("lost+found", "marker");
            assertThat(mountsUnder(base)).singleElement().asString().contains(h.path("/media/jump").toString(), "ext4");

            assertThat(hosts.remote(h, "umount /media/jump && ls /media/jump | wc -l")).containsExactly("0");
            assertThat(mountsUnder(base)).isEmpty();

            hosts.remote(h, "mount /dev/sda2 /media/jump");
            assertThat(h.path("/media/jump/marker")).hasContent("jump");
        }
        assertThat(mountsUnder(base)).as("close() unmounts what the hosts left mounted").isEmpty();
    }

    private static List<String> mountsUnder(Path base) throws Exception {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.contains(base + "/")).toList();
    }
}
