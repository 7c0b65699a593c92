package dev.baton.jump.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentKeyConstraint;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A connection to a running ssh-agent over its Unix-domain socket ({@code SSH_AUTH_SOCK}), with the JDK's own
 * Unix-domain sockets: no native library (MINA's own agent client needs Tomcat's APR). It lists the agent's keys and has
 * the agent sign with them; for RSA keys it asks for {@code rsa-sha2-256} or {@code rsa-sha2-512} signatures, as the
 * host asked (OpenSSH refuses SHA-1 {@code ssh-rsa}). It never adds, removes or sees private keys.
 *
 * <p>Every request waits at most {@code timeout} for the whole reply (an agent asking a person to confirm a key, {@code
 * ssh-add -c}, needs that long at most), so a silent or stuck agent is an error, not a hang; replies are checked by
 * {@link AgentMessages}. One request at a time; {@link #close()} closes the socket.
 */
final class SocketAgent implements SshAgent {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path socket;
    private final Duration timeout;
    private final SocketChannel channel;
    private final Selector selector;
    /** The agent's own blob of each key it listed, by the key's SSH encoding (to ask it to sign with exactly that). */
    private final Map<String, byte[]> blobs = new HashMap<>();
    /** The keys as first listed: MINA asks more than once per login, the agent is asked once. */
    private List<Map.Entry<PublicKey, String>> identities;

    private SocketAgent(Path socket, Duration timeout, SocketChannel channel, Selector selector) {
        this.socket = socket;
        this.timeout = timeout;
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Connects to the agent listening on {@code socket}.
     *
     * @throws IOException saying what is wrong and what to do: the socket is missing, is not a socket, or nobody
     *         answers on it (the agent that made it ended)
     */
    static SocketAgent connect(Path socket, Duration timeout) throws IOException {
        checkIsSocket(socket);
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new SocketAgent(socket, timeout, channel, selector);
        } catch (IOException e) {
            channel.close();
            String reason = String.valueOf(e.getMessage());
            String lower = reason.toLowerCase(Locale.ROOT);
            if (lower.contains("refused")) {
                throw new IOException("nothing answers on the ssh-agent socket " + socket + " (connection refused): "
                        + "the agent that made it has ended; start one (eval $(ssh-agent)), add the key (ssh-add) and "
                        + "give its socket", e);
            }
            if (lower.contains("permission") || lower.contains("denied")) {
                throw new IOException("the ssh-agent socket " + socket + " may not be used by this user (permission "
                        + "denied): run Baton as the agent's user, or give a socket of its own user's agent", e);
            }
            throw new IOException("cannot connect to the ssh-agent socket " + socket + ": " + reason, e);
        }
    }

    /**
     * Refuses, before any host is touched, an agent socket that is missing, not a socket or not answered, an agent
     * whose key list is malformed, and (when it is the only source of keys, {@code needKeys}) an agent without keys.
     */
    static void check(Path socket, Duration timeout, boolean needKeys) throws IOException {
        try (SocketAgent agent = connect(socket, timeout)) {
            if (agent.getIdentities().isEmpty() && needKeys) {
                throw new IOException(noKeys(socket));
            }
        } catch (AgentMessages.AgentReplyException e) {
            throw new IOException("the ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
    }

    /** What to say of an agent without keys. */
    static String noKeys(Path socket) {
        return "the ssh-agent at " + socket + " holds no keys (or is locked: ssh-add -X): add the site's key with "
                + "ssh-add KEYFILE";
    }

    /** Refuses a path that does not exist or is not a Unix-domain socket, with what to do. */
    static void checkIsSocket(Path socket) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(socket, "unix:mode");
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(socket.toString(), null, "the ssh-agent socket does not exist: start an "
                    + "agent (eval $(ssh-agent)), add the key (ssh-add KEYFILE) and give its socket (the agent's "
                    + "SSH_AUTH_SOCK)");
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot tell whether " + socket + " is a socket on this file system", e);
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            String kind = Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                    : Files.isRegularFile(socket) ? "a regular file" : "not a socket";
            throw new IOException(socket + " is " + kind + ", not the socket of an ssh-agent: give the agent's "
                    + "socket, the value of SSH_AUTH_SOCK where the agent was started");
        }
    }

    /** The socket this agent listens on. */
    Path socket() {
        return socket;
    }

    /**
     * The keys the agent holds that this client can use, with their comments, as listed by the first call. A key of a
     * kind MINA cannot read (a FIDO key, say) is left out.
     */
    @Override
    public synchronized List<Map.Entry<PublicKey, String>> getIdentities() throws IOException {
        if (identities != null) {
            return identities;
        }
        List<AgentMessages.Identity> listed = AgentMessages.identities(request(AgentMessages.requestIdentities(),
                "list its keys"));
        List<Map.Entry<PublicKey, String>> keys = new ArrayList<>();
        for (AgentMessages.Identity id : listed) {
            PublicKey key;
            try {
                key = new ByteArrayBuffer(id.blob()).getRawPublicKey();
            } catch (IOException | RuntimeException e) {
                continue; // a kind of key this client does not use; the others still work
            }
            blobs.put(encoded(key), id.blob());
            keys.add(new SimpleImmutableEntry<>(key, id.comment()));
        }
        identities = List.copyOf(keys);
        return identities;
    }

    /** Signs with the agent; a refusal is also noted in the session's {@link AuthTrace} for the login's message. */
    @Override
    public synchronized Map.Entry<String, byte[]> sign(SessionContext session, PublicKey key, String algorithm,
            byte[] data) throws IOException {
        try {
            return signWithAgent(key, algorithm, data);
        } catch (IOException e) {
            if (session != null) {
                AuthTrace.of(session).signingProblem(e.getMessage());
            }
            throw e;
        }
    }

    private Map.Entry<String, byte[]> signWithAgent(PublicKey key, String algorithm, byte[] data) throws IOException {
        String wanted = algorithm == null || algorithm.isEmpty() ? KeyUtils.getKeyType(key) : algorithm;
        byte[] blob = blobs.getOrDefault(encoded(key), rawBlob(key));
        AgentMessages.Signed signed;
        try {
            signed = AgentMessages.signature(request(AgentMessages.signRequest(blob, data,
                    AgentMessages.signFlags(wanted)), "sign"));
        } catch (AgentMessages.AgentReplyException e) {
            if (e.refused()) {
                throw new IOException("the ssh-agent at " + socket + " refused to sign with " + describe(key) + ": "
                        + "the key was removed from it, the agent is locked (ssh-add -X unlocks it), or the key needs a "
                        + "confirmation (ssh-add -c) that was denied", e);
            }
            throw new IOException("the ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
        if (!signed.algorithm().equals(wanted)) {
            throw new IOException("the ssh-agent at " + socket + " signed with " + signed.algorithm() + " when "
                    + wanted + " was asked for " + describe(key) + (wanted.startsWith("rsa-sha2") ? ": the agent is too "
                    + "old for RSA keys with SHA-2 signatures (OpenSSH 7.1 or later is needed)" : ""));
        }
        return new SimpleImmutableEntry<>(signed.algorithm(), signed.signature());
    }

    /** A key for messages: its type and SHA-256 fingerprint, never its bits. */
    static String describe(PublicKey key) {
        return KeyUtils.getKeyType(key) + " key " + ExpectedHostKey.fingerprintOf(key);
    }

    @Override
    public void addIdentity(KeyPair key, String comment, SshAgentKeyConstraint... constraints) throws IOException {
        throw new IOException("Baton does not add keys to the ssh-agent: add them with ssh-add");
    }

    @Override
    public void removeIdentity(PublicKey key) throws IOException {
        throw new IOException("Baton does not remove keys from the ssh-agent: use ssh-add -d");
    }

    @Override
    public void removeAllIdentities() throws IOException {
        throw new IOException("Baton does not remove keys from the ssh-agent: use ssh-add -D");
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    /** Sends a framed request and returns the reply after its length, all within the timeout. */
    private byte[] request(byte[] framed, String doing) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer out = ByteBuffer.wrap(framed);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                waitFor(SelectionKey.OP_WRITE, deadline, doing);
            }
        }
        ByteBuffer header = ByteBuffer.allocate(4);
        read(header, deadline, doing, "its reply's length");
        ByteBuffer body = ByteBuffer.allocate(AgentMessages.replyLength(header.array()));
        read(body, deadline, doing, "its reply");
        return body.array();
    }

    private void read(ByteBuffer into, long deadline, String doing, String what) throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into);
            if (n < 0) {
                throw new IOException("the ssh-agent at " + socket + " closed the connection when asked to " + doing
                        + " (" + what + ": " + into.position() + " of " + into.capacity() + " bytes came)");
            }
            if (n == 0) {
                waitFor(SelectionKey.OP_READ, deadline, doing);
            }
        }
    }

    private void waitFor(int op, long deadline, String doing) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(op);
        long left = deadline - System.nanoTime();
        if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && deadline - System.nanoTime() <= 0) {
            throw new IOException("the ssh-agent at " + socket + " did not answer within " + DurationText.of(timeout)
                    + " when asked to " + doing + " (is it waiting for a confirmation, ssh-add -c?)");
        }
        selector.selectedKeys().clear();
    }

    private static String encoded(PublicKey key) {
        return Base64.getEncoder().encodeToString(rawBlob(key));
    }

    private static byte[] rawBlob(PublicKey key) {
        ByteArrayBuffer b = new ByteArrayBuffer();
        b.putRawPublicKey(key);
        return b.getCompactData();
    }
}
