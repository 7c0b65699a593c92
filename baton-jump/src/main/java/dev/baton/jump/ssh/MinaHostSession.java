package dev.baton.jump.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;

/** A {@link HostSession} over one MINA client session: each command on its own exec channel, uploads over SFTP. */
final class MinaHostSession implements HostSession {

    /** How long a command's channel may take to open. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** How long to wait for the session to notice it closed, when a channel closed without exit status. */
    private static final Duration LOSS_GRACE = Duration.ofSeconds(2);
    /** The first line a command's shell writes to standard error: its pid, the command's process group. */
    private static final String GROUP_MARK = "\u0001baton-process-group ";
    /** Signal numbers (Linux) of the signals OpenSSH reports by name, for a shell-like exit status 128 + n. */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15));

    private final HostAddress host;
    private final ClientSession session;
    /**
     * The channels of the commands running now, each with its process group (0 until the shell told it; the output
     * reader sets it, so an abort sees it as soon as the line has arrived).
     */
    private final Map<ChannelExec, AtomicLong> running = new ConcurrentHashMap<>();
    private volatile boolean ended;

    MinaHostSession(HostAddress host, ClientSession session) {
        this.host = host;
        this.session = session;
    }

    @Override
    public HostAddress host() {
        return host;
    }

    @Override
    public CommandResult run(String command, Duration timeout, Consumer<String> output)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        AtomicLong group = new AtomicLong();
        OutputLines lines = new OutputLines(output, line -> {
            if (group.get() == 0 && line.startsWith(GROUP_MARK)) {
                group.set(Long.parseLong(line.substring(GROUP_MARK.length()).strip()));
                return true;
            }
            return false;
        });
        if (ended) {
            throw new IOException("commands on " + host.name() + " were ended (the run was aborted): " + command);
        }
        ChannelExec channel;
        try {
            // The shell first tells its pid, which leads the command's process group (sshd gives each command a
            // session of its own), so that an abort can end the whole group; the line is not part of the output.
            channel = session.createExecChannel("printf '" + GROUP_MARK + "%s\\n' $$ >&2; " + command);
            channel.setOut(lines);
            channel.setErr(lines);
            channel.open().verify(OPEN_TIMEOUT);
            running.put(channel, group);
            if (ended) {
                endCommands(Duration.ofSeconds(2)); // ended while this one was opening: it is ended too
            }
        } catch (IOException | RuntimeException e) {
            if (!session.isOpen()) {
                throw lost(command, "before the command started");
            }
            throw new IOException("cannot start a command on " + host.name() + ": " + e.getMessage(), e);
        }
        try {
            long deadline = start + timeout.toNanos();
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while " + host.name() + " ran: " + command);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CommandTimeoutException("the command ran longer than " + DurationText.of(timeout) + " on " + host.name()
                            + " and was abandoned (it may still run there): " + command);
                }
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        Math.min(left / 1_000_000 + 1, 200));
                if (events.contains(ClientChannelEvent.CLOSED)) {
                    break;
                }
            }
            lines.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Integer status = channel.getExitStatus();
            if (status != null) {
                return new CommandResult(status, lines.tail(), took);
            }
            String signal = channel.getExitSignal();
            if (signal != null && session.isOpen()) {
                return new CommandResult(128 + SIGNALS.getOrDefault(signal, 0), lines.tail(), took);
            }
            if (sessionClosesWithin(LOSS_GRACE)) {
                throw lost(command, "while the command ran");
            }
            throw new IOException("the command ended on " + host.name() + " without an exit status: " + command);
        } finally {
            running.remove(channel);
            channel.close(true);
        }
    }

    @Override
    public void endCommands(Duration grace) {
        ended = true;
        Map<ChannelExec, AtomicLong> channels = Map.copyOf(running);
        if (channels.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("end-commands-" + host.name()).start(() -> {
            try {
                for (Map.Entry<ChannelExec, AtomicLong> c : channels.entrySet()) {
                    long group = groupOf(c.getKey(), c.getValue(), grace);
                    if (group > 0) {
                        killGroup(group, grace);
                    }
                }
                closeWithin(channels.keySet(), Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                channels.keySet().forEach(c -> c.close(true));
            }
        });
    }

    /**
     * Ends a command's process group from a channel of its own: SIGTERM, then SIGKILL when the group still lives after
     * {@code grace}. Neither closing the channel (without a pty, sshd leaves the command running) nor the SSH "signal"
     * request (OpenSSH refuses it for root logins, which have no privilege-separated child) ends it.
     */
    private void killGroup(long group, Duration grace) throws InterruptedException {
        long tenths = Math.max(1, grace.toMillis() / 100);
        String kill = "kill -s TERM -- -" + group + " 2>/dev/null; i=0; while kill -s 0 -- -" + group
                + " 2>/dev/null && [ $i -lt " + tenths + " ]; do sleep 0.1; i=$((i+1)); done; kill -s KILL -- -"
                + group + " 2>/dev/null; true";
        try (ChannelExec channel = session.createExecChannel(kill)) {
            channel.open().verify(OPEN_TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), grace.plusSeconds(5).toMillis());
        } catch (IOException | RuntimeException e) {
            // the session is closing: the host's sshd ends what it can, nothing more to do from here
        }
    }

    /**
     * The process group of a command whose channel is open: its shell tells it in its first line, which may still be
     * on its way when an abort comes right after the command started; 0 when the channel closed or {@code wait} ran out.
     */
    private static long groupOf(ChannelExec channel, AtomicLong group, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (group.get() == 0 && channel.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return group.get();
    }

    /** Whether every channel closed within {@code wait}. */
    private static boolean closeWithin(Set<ChannelExec> channels, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (channels.stream().noneMatch(ChannelExec::isOpen)) {
                return true;
            }
            Thread.sleep(20);
        }
        return channels.stream().noneMatch(ChannelExec::isOpen);
    }

    /** Whether the session is closed, or closes within {@code grace}. */
    private boolean sessionClosesWithin(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (session.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return !session.isOpen();
    }

    private ConnectionLostException lost(String command, String when) {
        return new ConnectionLostException("the connection to " + host.name() + " (" + host.target() + ") was lost "
                + when + " (the host rebooted, its SSH server stopped or the network failed): " + command);
    }

    @Override
    public void upload(Path localFile, String remoteDirectory) throws IOException {
        if (!Files.isRegularFile(localFile)) {
            throw new NoSuchFileException(localFile.toString(), null, "not a file, cannot copy it to " + host.name());
        }
        String target = (remoteDirectory.endsWith("/") ? remoteDirectory : remoteDirectory + "/")
                + localFile.getFileName();
        try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            try (InputStream in = Files.newInputStream(localFile); OutputStream out = sftp.write(target)) {
                in.transferTo(out);
            }
            sftp.setStat(target, new SftpClient.Attributes().perms(mode(localFile)));
        } catch (SftpException e) {
            throw new IOException("cannot copy " + localFile + " to " + host.name() + ":" + target + ": "
                    + e.getMessage() + " (the directory " + remoteDirectory + " must exist and be writable)", e);
        } catch (IOException e) {
            if (!session.isOpen()) {
                throw new ConnectionLostException("the connection to " + host.name() + " was lost while copying "
                        + localFile + " to " + target);
            }
            throw new IOException("cannot copy " + localFile + " to " + host.name() + ":" + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        int mode = 0;
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if (perms.contains(p)) {
                mode |= 1 << (8 - p.ordinal());
            }
        }
        return mode;
    }

    @Override
    public void close() {
        session.close(false);
    }
}
