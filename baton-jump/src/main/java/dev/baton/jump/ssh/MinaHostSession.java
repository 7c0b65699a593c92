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
    /** Signal numbers (Linux) of the signals OpenSSH reports by name, for a shell-like exit status 128 + n. */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("ABRT", 6), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15));

    private final HostAddress host;
    private final ClientSession session;

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
        OutputLines lines = new OutputLines(output);
        ChannelExec channel;
        try {
            channel = session.createExecChannel(command);
            channel.setOut(lines);
            channel.setErr(lines);
            channel.open().verify(OPEN_TIMEOUT);
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
                    throw new CommandTimeoutException("the command ran longer than " + timeout + " on " + host.name()
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
            channel.close(true);
        }
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
