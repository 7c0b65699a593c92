package dev.baton.jump.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent protocol's encoding and decoding, and the agent client against a misbehaving agent (a socket served by the
 * test): every malformed, truncated, oversized or missing reply is an error with a message, never a hang, another
 * exception or a large allocation. The randomized cases are seeded; a failure names its seed.
 */
class AgentMessagesTest {

    private static final long[] SEEDS = {20261207L, 1L, 42L, 0xBA70L, 987654321L};
    private static final AtomicInteger SOCKETS = new AtomicInteger();

    @TempDir
    Path tmp;

    @Test
    void requestsAreFramedAsTheDraftSays() {
        assertThat(AgentMessages.requestIdentities()).containsExactly(0, 0, 0, 1, 11);
        byte[] sign = AgentMessages.signRequest(new byte[] {1, 2}, new byte[] {3}, AgentMessages.RSA_SHA2_512);
        assertThat(sign).containsExactly(0, 0, 0, 16, 13, 0, 0, 0, 2, 1, 2, 0, 0, 0, 1, 3, 0, 0, 0, 4);
        assertThat(AgentMessages.signFlags("rsa-sha2-256")).isEqualTo(2);
        assertThat(AgentMessages.signFlags("rsa-sha2-512")).isEqualTo(4);
        assertThat(AgentMessages.signFlags("ssh-ed25519")).isZero();
    }

    @Test
    void wellFormedRepliesDecode() throws Exception {
        List<AgentMessages.Identity> ids = AgentMessages.identities(identitiesAnswer(
                new byte[][] {{7, 7, 7}, {}}, new String[] {"first", "zweite é"}));
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0).blob()).containsExactly(7, 7, 7);
        assertThat(ids.get(1).comment()).isEqualTo("zweite é");
        AgentMessages.Signed s = AgentMessages.signature(signResponse("rsa-sha2-256", new byte[] {9, 8}));
        assertThat(s.algorithm()).isEqualTo("rsa-sha2-256");
        assertThat(s.signature()).containsExactly(9, 8);
    }

    @Test
    void theReplyLengthIsBoundedBeforeAnythingIsRead() throws Exception {
        assertThat(AgentMessages.replyLength(new byte[] {0, 4, 0, 0})).isEqualTo(AgentMessages.MAX_REPLY);
        assertThatThrownBy(() -> AgentMessages.replyLength(new byte[] {0, 4, 0, 1}))
                .hasMessageContaining("262145 bytes, more than the 262144");
        assertThatThrownBy(() -> AgentMessages.replyLength(new byte[] {-1, -1, -1, -1}))
                .hasMessageContaining("4294967295 bytes");
        assertThatThrownBy(() -> AgentMessages.replyLength(new byte[] {0, 0, 0, 0})).hasMessageContaining("empty reply");
    }

    @Test
    void failureAndUnexpectedTypesAreSaid() {
        assertThatThrownBy(() -> AgentMessages.identities(new byte[] {5})).hasMessageContaining("refused to list");
        assertThatThrownBy(() -> AgentMessages.signature(new byte[] {5})).hasMessageContaining("refused to sign");
        assertThatThrownBy(() -> AgentMessages.signature(new byte[] {12, 0, 0, 0, 0}))
                .hasMessageContaining("message type 12 instead of SSH_AGENT_SIGN_RESPONSE");
        assertThatThrownBy(() -> AgentMessages.identities(new byte[] {12, 0x7f, -1, -1, -1}))
                .hasMessageContaining("announces 2147483647 keys in 0 bytes");
    }

    @Test
    void randomAndMutatedRepliesAreDecodedOrRefusedWithAMessage() {
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (int i = 0; i < 3000; i++) {
                byte[] reply = garbage(random);
                decodeOrRefuse(seed, reply, AgentMessages::identities);
                decodeOrRefuse(seed, reply, AgentMessages::signature);
            }
        }
    }

    @Test
    void aSilentAgentIsATimeoutNotAHang() throws Exception {
        Path socket = serve(conn -> { }, false);
        long start = System.nanoTime();
        try (SocketAgent agent = SocketAgent.connect(socket, Duration.ofMillis(400))) {
            assertThatThrownBy(agent::getIdentities).isInstanceOf(IOException.class)
                    .hasMessageContaining(socket.toString()).hasMessageContaining("did not answer within 400ms");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anOversizedOrTruncatedReplyIsSaid() throws Exception {
        Path huge = serve(conn -> write(conn, new byte[] {0x7f, -1, -1, -1, 12}), false);
        try (SocketAgent agent = SocketAgent.connect(huge, Duration.ofSeconds(5))) {
            assertThatThrownBy(agent::getIdentities).hasMessageContaining("announced a reply of 2147483647 bytes");
        }
        Path cut = serve(conn -> write(conn, new byte[] {0, 0, 0, 100, 12, 0, 0, 0, 1, 0}), true);
        try (SocketAgent agent = SocketAgent.connect(cut, Duration.ofSeconds(5))) {
            assertThatThrownBy(agent::getIdentities).hasMessageContaining("closed the connection")
                    .hasMessageContaining("6 of 100 bytes");
        }
    }

    @Test
    void randomByteStreamsFromTheAgentEndInAnAnswerOrAMessage() throws Exception {
        // MINA's key parser sets up its security providers on first use (seconds on a loaded machine): not timed below.
        assertThatThrownBy(() -> new org.apache.sshd.common.util.buffer.ByteArrayBuffer(new byte[] {0, 0, 0, 1, 'x'})
                .getRawPublicKey()).isInstanceOf(IOException.class);
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            for (int i = 0; i < 20; i++) {
                byte[] stream = random.nextInt(3) == 0 ? garbage(random) : framed(garbage(random), random);
                Path socket = serve(conn -> write(conn, stream), true);
                long start = System.nanoTime();
                try (SocketAgent agent = SocketAgent.connect(socket, Duration.ofSeconds(1))) {
                    agent.getIdentities();
                } catch (IOException e) {
                    assertThat(e.getMessage()).as("seed %d", seed).contains("agent");
                } catch (RuntimeException | Error e) {
                    fail("seed " + seed + ": " + e + " for " + Arrays.toString(stream));
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("seed %d", seed)
                        .isLessThan(Duration.ofSeconds(6)); // the 1 s timeout, and room for a loaded machine
            }
        }
    }

    private static <T> void decodeOrRefuse(long seed, byte[] reply, Decoder<T> decoder) {
        try {
            decoder.decode(reply);
        } catch (AgentMessages.AgentReplyException e) {
            assertThat(e.getMessage()).as("seed %d", seed).startsWith("the agent");
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + ": " + e + " decoding " + Arrays.toString(reply));
        }
    }

    private interface Decoder<T> {
        T decode(byte[] reply) throws AgentMessages.AgentReplyException;
    }

    /** Random bytes, or a well-formed reply truncated, with a byte changed, a length blown up or bytes appended. */
    private static byte[] garbage(Random r) {
        byte[] base = switch (r.nextInt(4)) {
            case 0 -> randomBytes(r, r.nextInt(64));
            case 1 -> identitiesAnswer(new byte[][] {randomBytes(r, r.nextInt(40)), randomBytes(r, r.nextInt(8))},
                    new String[] {"a", "comment"});
            case 2 -> signResponse(r.nextBoolean() ? "ssh-ed25519" : "rsa-sha2-512", randomBytes(r, r.nextInt(70)));
            default -> new byte[] {(byte) r.nextInt(256)};
        };
        byte[] b = base.clone();
        switch (r.nextInt(5)) {
            case 0 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case 1 -> {
                if (b.length > 0) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> {
                if (b.length > 4) {
                    int at = 1 + r.nextInt(b.length - 4);
                    b[at] = (byte) (0x80 | r.nextInt(128)); // a length with its top bit set: over 2 GiB
                }
            }
            case 3 -> b = concat(b, randomBytes(r, 1 + r.nextInt(9)));
            default -> { }
        }
        return b;
    }

    private static byte[] framed(byte[] body, Random r) {
        int length = r.nextInt(4) == 0 ? r.nextInt() : body.length;
        return concat(ByteBuffer.allocate(4).putInt(length).array(), body);
    }

    private static byte[] identitiesAnswer(byte[][] blobs, String[] comments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(12);
        out.writeBytes(ByteBuffer.allocate(4).putInt(blobs.length).array());
        for (int i = 0; i < blobs.length; i++) {
            string(out, blobs[i]);
            string(out, comments[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] signResponse(String algorithm, byte[] signature) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        string(inner, algorithm.getBytes(StandardCharsets.US_ASCII));
        string(inner, signature);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(14);
        string(out, inner.toByteArray());
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private interface Reply {
        void send(SocketChannel connection) throws IOException;
    }

    private static void write(SocketChannel connection, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            connection.write(buffer);
        }
    }

    /**
     * A fake agent on a fresh socket: one connection, {@code reply} sent once the request has come, then the connection
     * is closed ({@code close}) or held open until the client goes.
     */
    private Path serve(Reply reply, boolean close) throws IOException {
        Path socket = tmp.resolve("fake-" + SOCKETS.incrementAndGet() + ".sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> {
            try (server; SocketChannel conn = server.accept()) {
                conn.read(ByteBuffer.allocate(1024));
                reply.send(conn);
                if (!close) {
                    conn.read(ByteBuffer.allocate(1024)); // until the client closes
                }
            } catch (IOException e) {
                // the client went away first: fine
            }
        }, "fake-agent");
        t.setDaemon(true);
        t.start();
        return socket;
    }
}
