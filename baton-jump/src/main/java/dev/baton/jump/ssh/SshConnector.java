package dev.baton.jump.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.PublicKeyAuthenticationReporter;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Connects to hosts over SSH (Apache MINA SSHD's client), authenticating with the site's key file, an ssh-agent's keys
 * or both ({@link SshSettings}), and checking host keys against {@code known_hosts} (or a key a recipe declared, after
 * a reboot into a new system).
 *
 * <p>One connector serves many hosts and threads at once (one MINA client, its I/O threads shared); each
 * {@link #connect} returns an independent {@link HostSession}. The key file is read once, when the connector is made,
 * and the agent asked once for its keys, so a missing or unreadable key or agent is reported before any host is
 * touched; each login then asks the agent again (its keys may have changed). {@link #close()} ends every session.
 *
 * <p>What the client never does: forward the agent to a host, read {@code ~/.ssh/config}, add an unknown host's key to
 * {@code known_hosts}, or accept an unknown host. It writes {@code known_hosts} in one case only: a host presented the
 * key a recipe declared, which then replaces the host's old key there. {@link #awaitDown} and {@link #awaitUp} only
 * look for the SSH banner (no login), so they work while the host's key changes.
 */
public final class SshConnector implements AutoCloseable {

    /** How often {@link #awaitDown} and {@link #awaitUp} look at the host. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** How long one look may take (TCP connect, then the SSH banner). */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** The shortest look, even close to the deadline (a look that times out counts as "not listening"). */
    static final Duration MIN_PROBE = Duration.ofSeconds(1);
    /** Missed keep-alive replies after which a connection counts as lost. */
    private static final int KEEP_ALIVE_MISSES = 4;
    /** How long the ssh-agent may take to answer one request (a key added with ssh-add -c waits for a person). */
    static final Duration AGENT_TIMEOUT = Duration.ofSeconds(30);

    private final SshSettings settings;
    private final SshClient client;

    /**
     * Starts a client with these settings.
     *
     * @throws IOException naming the key file when it is missing, unreadable, encrypted or not a private key
     */
    public SshConnector(SshSettings settings) throws IOException {
        this.settings = settings;
        List<KeyPair> keys = settings.usesKeyFile() ? loadIdentity(settings.identityFile()) : List.of();
        if (settings.agentSocket() != null) {
            SocketAgent.check(settings.agentSocket(), AGENT_TIMEOUT, keys.isEmpty());
        }
        client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        // A key the agent offered already is not offered again from the file: each refusal counts for MaxAuthTries.
        client.setKeyIdentityProvider(session -> {
            AuthTrace trace = AuthTrace.of(session);
            return keys.stream().filter(k -> !trace.agentHolds(k.getPublic())).toList();
        });
        if (settings.agentSocket() != null) {
            client.setAgentFactory(new SocketAgentFactory(settings.agentSocket(), AGENT_TIMEOUT));
        }
        client.setPublicKeyAuthenticationReporter(new PublicKeyAuthenticationReporter() {
            @Override
            public void signalAuthenticationAttempt(ClientSession session, String service, KeyPair identity,
                    String signature) {
                AuthTrace.of(session).offered(identity.getPublic(), String.valueOf(settings.identityFile()));
            }
        });
        client.setServerKeyVerifier(HostKeyCheck.VERIFIER);
        client.setUserInteraction(null);
        // A command may print nothing for a long time (tar of a system image): keep-alives, not idleness, end a session.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        Duration keepAlive = settings.keepAliveOrDefault();
        if (!keepAlive.isZero()) {
            CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, keepAlive);
            CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, keepAlive);
            CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, KEEP_ALIVE_MISSES);
        }
        client.start();
    }

    /** The settings this connector uses. */
    public SshSettings settings() {
        return settings;
    }

    /**
     * Connects and authenticates, checking the host key against {@code known_hosts}, or only against
     * {@code expected} when a recipe declared a key change.
     *
     * @throws HostKeyRejectedException when the host's key is unknown, changed or not the expected one (nothing was
     *         sent to the host)
     * @throws IOException when the host cannot be reached or refuses the key, with the host and the reason
     */
    public HostSession connect(HostAddress host, Optional<ExpectedHostKey> expected) throws IOException {
        return connect(host, expected, note -> { });
    }

    /**
     * {@link #connect(HostAddress, Optional)}, and when the host presented the declared key, makes it the host's key in
     * {@code known_hosts} ({@link KnownHostsUpdate}), so that later connections accept it without the declaration.
     * What was recorded, or why it could not be (the connection is kept: the run goes on with the declared key), goes
     * to {@code notes} (the host's log) and to the server's log.
     */
    public HostSession connect(HostAddress host, Optional<ExpectedHostKey> expected, Consumer<String> notes)
            throws IOException {
        HostKeyCheck check = new HostKeyCheck(host, settings.knownHostsFile(), expected);
        AuthTrace trace = new AuthTrace();
        Duration timeout = settings.connectTimeoutOrDefault();
        ClientSession session = null;
        try {
            session = client.connect(host.user(), host.host(), host.port(),
                    AttributeRepository.ofAttributesMap(Map.of(HostKeyCheck.KEY, check, AuthTrace.KEY, trace)), null)
                    .verify(timeout).getClientSession();
            session.auth().verify(timeout);
            check.declaredKeyAccepted().ifPresent(key -> KnownHostsUpdate.record(settings.knownHostsFile(), host, key, notes));
            return new MinaHostSession(host, session);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            Optional<String> rejection = check.rejection();
            if (rejection.isPresent()) {
                throw new HostKeyRejectedException(rejection.get());
            }
            throw new IOException(failureMessage(host, e, trace), e);
        }
    }

    /** Whether the host answers with an SSH banner within {@code timeout} (no login, no host key check). */
    public boolean reachable(HostAddress host, Duration timeout) {
        int millis = millis(timeout);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.host(), host.port()), millis);
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            byte[] banner = new byte[4];
            int read = 0;
            while (read < banner.length) {
                int n = in.read(banner, read, banner.length - read);
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the host accepts TCP connections on its SSH port within {@code timeout}. A host going down stops doing
     * so; one that accepts but is slow to send its banner (a busy host, sshd starting a session) is still up.
     */
    private boolean listening(HostAddress host, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.host(), host.port()), millis(timeout));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    /**
     * Waits until the host no longer accepts connections on its SSH port (it went down for its reboot).
     *
     * @throws HostWaitTimeoutException when it still answers after {@code timeout}
     */
    public void awaitDown(HostAddress host, Duration timeout) throws IOException, InterruptedException {
        await(host, timeout, false);
    }

    /**
     * Waits until the host answers SSH again (it came back from its reboot); the caller then connects, with the
     * expected key if one was declared.
     *
     * @throws HostWaitTimeoutException when it does not answer within {@code timeout}
     */
    public void awaitUp(HostAddress host, Duration timeout) throws IOException, InterruptedException {
        await(host, timeout, true);
    }

    private void await(HostAddress host, Duration timeout, boolean up) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            // Never a hasty look: a look that times out counts as "down", so even the last one gets MIN_PROBE.
            Duration probe = Duration.ofNanos(Math.max(MIN_PROBE.toNanos(), Math.min(left, PROBE_TIMEOUT.toNanos())));
            if ((up ? reachable(host, probe) : listening(host, probe)) == up) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new HostWaitTimeoutException(up
                        ? "host " + host.name() + " (" + host.host() + ":" + host.port() + ") did not come back: "
                                + "no SSH answer within " + DurationText.of(timeout) + " (check its console)"
                        : "host " + host.name() + " (" + host.host() + ":" + host.port() + ") did not go down: it "
                                + "still answers SSH after " + DurationText.of(timeout) + " (did the reboot command run?)");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for " + host.name());
            }
            Thread.sleep(Math.max(1, Math.min(POLL_INTERVAL.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Ends every session of this connector and stops its client. */
    @Override
    public void close() throws IOException {
        client.stop();
    }

    private String failureMessage(HostAddress host, Exception e, AuthTrace trace) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = reason.toLowerCase(Locale.ROOT);
        String hint;
        if (trace.signingProblem() != null) {
            hint = trace.signingProblem();
        } else if (lower.contains("no more authentication methods") || lower.contains("authentication")) {
            String offered = trace.offeredKeys();
            String agent = trace.agentProblem() == null ? "" : "; " + trace.agentProblem();
            hint = offered.isEmpty()
                    ? "no key could be offered to it" + (agent.isEmpty() ? "" : ": " + agent.substring(2))
                    : "the host accepted none of the keys offered for " + host.user() + ": " + offered + "; add one "
                            + "of these public keys to " + host.user() + "'s authorized_keys on the host" + agent;
        } else if (lower.contains("refused")) {
            hint = "nothing listens on port " + host.port() + " (is sshd running, is the port right?)";
        } else if (lower.contains("timeout") || lower.contains("timed out")) {
            hint = "no answer within " + DurationText.of(settings.connectTimeoutOrDefault()) + " (host down or a firewall in between?)";
        } else {
            hint = reason;
        }
        return "cannot connect to " + host.name() + " (" + host.target() + "): " + hint;
    }

    /** Reads the private key(s) of the key file, with a message an operator can act on when that fails. */
    static List<KeyPair> loadIdentity(Path file) throws IOException {
        List<KeyPair> keys = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null,
                    NamedResource.ofName(file.toString()), in, null);
            if (loaded != null) {
                loaded.forEach(keys::add);
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "the SSH key file does not exist: give the site's "
                    + "private key with --ssh-key, or create one (ssh-keygen -t ed25519)");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot read the SSH key file " + file + ": " + e.getMessage() + " (a private key "
                    + "in OpenSSH or PEM format without passphrase is needed; a key with one works through an ssh-agent)", e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.toLowerCase(Locale.ROOT).contains("password") || m.contains("encrypted")) {
                throw new IOException("the SSH key file " + file + " is protected by a passphrase: Baton needs a key "
                        + "without one (keep it readable by the Baton user only), or the key added to an ssh-agent "
                        + "(ssh-add) that Baton is told to use", e);
            }
            throw new IOException("cannot read the SSH key file " + file + ": " + m, e);
        }
        if (keys.isEmpty()) {
            throw new IOException("the SSH key file " + file + " holds no private key (is it the .pub file?)");
        }
        return keys;
    }
}
