package dev.baton.jump.builtin;

import dev.baton.jump.ssh.CommandResult;
import dev.baton.jump.ssh.HostSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the jump partition on a host, only reading ({@code /proc/swaps}, {@code /proc/mounts}, the device's size):
 * safe for {@code plan --probe} and the pre-checks as well as for {@code usepartition} itself.
 *
 * <p>{@code swap} means the host's first swap partition in {@code /proc/swaps} (swap files do not count: they cannot
 * hold a file system of their own). A named device must exist; its size comes from {@code blockdev --getsize64}, or
 * {@code stat} for a disk-image file.
 */
final class PartitionFinder {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    static final String SWAP = "swap";

    private PartitionFinder() {
    }

    /**
     * The partition {@code which} ({@code swap} or a device) names on the host.
     *
     * @throws PartitionException naming the host and what is missing
     */
    static JumpPartition find(HostSession session, String which) throws IOException, InterruptedException {
        String host = session.host().name();
        List<String[]> swaps = swaps(session);
        String device;
        long bytes;
        boolean swap;
        if (which.equals(SWAP)) {
            String[] first = swaps.stream().filter(s -> s[1].equals("partition")).findFirst().orElseThrow(() ->
                    new PartitionException("no swap partition on " + host + " (/proc/swaps lists none"
                            + (swaps.isEmpty() ? "" : "; swap files cannot hold the jump system") + "): name the "
                            + "partition instead of swap, e.g. jump(usepartition, /dev/sda2, /media/jump)"));
            device = first[0];
            bytes = Long.parseLong(first[2]) * 1024;
            swap = true;
        } else {
            if (!which.startsWith("/dev/")) {
                throw new PartitionException("'" + which + "' is neither swap nor a device such as /dev/sda2");
            }
            device = which;
            swap = swaps.stream().anyMatch(s -> s[0].equals(device));
            bytes = size(session, device);
        }
        String[] diskAndId = JumpPartition.diskAndGrubId(device).orElseThrow(() -> new PartitionException(
                "cannot tell the disk and GRUB name of " + device + " on " + host + ": usepartition knows "
                        + "/dev/sdXN, /dev/vdXN, /dev/hdXN, /dev/xvdXN, /dev/nvmeXnYpN and /dev/mmcblkXpN"));
        return new JumpPartition(device, bytes, swap, diskAndId[0], diskAndId[1]);
    }

    /** Where {@code device} is mounted on the host (from {@code /proc/mounts}), if it is. */
    static Optional<String> mountPoint(HostSession session, String device) throws IOException, InterruptedException {
        for (String line : read(session, "cat /proc/mounts")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(device)) {
                return Optional.of(f[1]);
            }
        }
        return Optional.empty();
    }

    /** The lines of {@code /proc/swaps} after its header: name, type, size (KiB), used, priority. */
    private static List<String[]> swaps(HostSession session) throws IOException, InterruptedException {
        List<String[]> swaps = new ArrayList<>();
        List<String> lines = read(session, "cat /proc/swaps");
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[2].matches("\\d+")) {
                swaps.add(f);
            }
        }
        return swaps;
    }

    private static long size(HostSession session, String device) throws IOException, InterruptedException {
        String q = Shell.quote(device);
        List<String> out = read(session, "if [ ! -e " + q + " ]; then echo missing; else blockdev --getsize64 " + q
                + " 2>/dev/null || stat -L -c %s " + q + "; fi");
        String answer = out.isEmpty() ? "" : out.getLast().strip();
        if (answer.equals("missing")) {
            throw new PartitionException(device + " does not exist on " + session.host().name());
        }
        try {
            return Long.parseLong(answer);
        } catch (NumberFormatException e) {
            throw new PartitionException("cannot tell the size of " + device + " on " + session.host().name() + ": "
                    + String.join(" / ", out));
        }
    }

    /** Runs a read-only command; its output lines, or an exception naming the command and its output. */
    static List<String> read(HostSession session, String command) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        CommandResult r = session.run(command, READ_TIMEOUT, lines::add);
        if (r.exitStatus() != 0) {
            throw new PartitionException("'" + command + "' failed on " + session.host().name() + " (exit "
                    + r.exitStatus() + "): " + String.join(" / ", lines));
        }
        return lines;
    }

    /** The partition cannot be used, for the reason given. */
    static final class PartitionException extends IOException {
        private static final long serialVersionUID = 1L;

        PartitionException(String message) {
            super(message);
        }
    }
}
