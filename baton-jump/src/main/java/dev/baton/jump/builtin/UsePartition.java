package dev.baton.jump.builtin;

import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.CommandResult;
import dev.baton.jump.ssh.HostSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code usepartition(PARTITION, MOUNTPOINT)}: makes a partition of the host the jump system's root. In order, each
 * step logged, stopping at the first failure:
 * <ol>
 *   <li>find it ({@link PartitionFinder}: {@code swap} is the first swap partition);</li>
 *   <li>check its size against the jump image ({@link ImageSize}) before touching anything;</li>
 *   <li>refuse it if it is mounted at {@code /} or {@code /boot}; unmount it if it is mounted elsewhere; swapoff it
 *       if it is swap;</li>
 *   <li>format it ({@code mkfs.ext4 -q -F}) and mount it at MOUNTPOINT (created if missing);</li>
 *   <li>set {@code _JUMPPARTITION}, {@code _JUMPDEV}, {@code _JUMPDEVICEID}, {@code _MOUNTDIR}.</li>
 * </ol>
 */
final class UsePartition {

    /** mkfs on a large partition takes a while. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofMinutes(30);
    private static final List<String> NEVER = List.of("/", "/boot");

    private UsePartition() {
    }

    static BuiltinOutcome run(HostSession session, String which, String mountPoint, Variables vars, Path recipeDirectory,
            Consumer<String> log) throws IOException, InterruptedException {
        String host = session.host().name();
        JumpPartition p;
        try {
            p = PartitionFinder.find(session, which);
        } catch (PartitionFinder.PartitionException e) {
            return BuiltinOutcome.failed(vars, 1, "usepartition: " + e.getMessage());
        }
        log.accept("usepartition: " + (which.equals(PartitionFinder.SWAP) ? "the swap partition of " + host + " is "
                : "on " + host + ": ") + p.device() + " (" + ImageSize.human(p.bytes()) + "), disk " + p.disk()
                + ", GRUB " + p.grubId());
        Optional<ImageSize> needed = ImageSize.required(vars, recipeDirectory);
        if (needed.isPresent() && p.bytes() < needed.get().bytes()) {
            return BuiltinOutcome.failed(vars, 1, "usepartition: " + p.device() + " on " + host + " holds "
                    + ImageSize.human(p.bytes()) + ", less than the jump image needs: " + ImageSize.human(needed.get().bytes())
                    + " (" + needed.get().source() + "); nothing was changed");
        }
        log.accept(needed.map(n -> "usepartition: big enough for the jump image (" + n.source() + ", "
                + ImageSize.human(n.bytes()) + ")").orElse("usepartition: size not checked (neither JUMP_IMAGE_SIZE "
                + "nor a local JUMP_TAR file)"));
        Optional<String> mounted;
        try {
            mounted = PartitionFinder.mountPoint(session, p.device());
        } catch (PartitionFinder.PartitionException e) {
            return BuiltinOutcome.failed(vars, 1, "usepartition: " + e.getMessage());
        }
        if (mounted.isPresent() && NEVER.contains(mounted.get())) {
            return BuiltinOutcome.failed(vars, 1, "usepartition: " + p.device() + " is mounted at " + mounted.get()
                    + " on " + host + ": the jump system cannot replace the running system's own partition");
        }
        String dev = Shell.quote(p.device());
        String mnt = Shell.quote(mountPoint);
        StringBuilder steps = new StringBuilder();
        if (mounted.isPresent()) {
            steps.append("umount ").append(dev).append('\n');
        }
        if (p.swap()) {
            steps.append("swapoff ").append(dev).append('\n');
        }
        steps.append("mkfs.ext4 -q -F ").append(dev).append('\n');
        steps.append("mkdir -p ").append(mnt).append('\n');
        steps.append("mount ").append(dev).append(' ').append(mnt).append('\n');
        for (String command : steps.toString().lines().toList()) {
            log.accept("$ " + command);
            CommandResult r = session.run(command, CHANGE_TIMEOUT, log);
            if (r.exitStatus() != 0) {
                return BuiltinOutcome.failed(vars, r.exitStatus(), "usepartition: '" + command + "' failed on " + host
                        + " with exit status " + r.exitStatus());
            }
        }
        Variables after = vars.with(InternalVariables.JUMPPARTITION, p.device())
                .with(InternalVariables.JUMPDEV, p.disk())
                .with(InternalVariables.JUMPDEVICEID, p.grubId())
                .with(InternalVariables.MOUNTDIR, mountPoint);
        return new BuiltinOutcome(after, 0, "usepartition: " + p.device() + " formatted and mounted at " + mountPoint
                + " on " + host);
    }
}
