package dev.baton.jump.ssh;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's side of the ssh-agent protocol (draft-miller-ssh-agent, as OpenSSH's agent speaks it): the two requests
 * Baton sends (list the keys, sign with one) and the decoding of the agent's replies.
 *
 * <p>Every message is {@code uint32 length} then {@code length} bytes, the first of which is the message type. A reply
 * is never trusted: its length is bounded by {@link #MAX_REPLY} (OpenSSH's own limit) before anything is allocated,
 * every count and string length is checked against the bytes left, and bytes after the end are refused. A malformed
 * reply is an {@link AgentReplyException} saying what was wrong where, never another exception.
 */
final class AgentMessages {

    /** The longest reply accepted, in bytes after the length field: 256 KiB, OpenSSH's {@code AGENT_MAX_LEN}. */
    static final int MAX_REPLY = 256 * 1024;

    static final int FAILURE = 5;
    static final int REQUEST_IDENTITIES = 11;
    static final int IDENTITIES_ANSWER = 12;
    static final int SIGN_REQUEST = 13;
    static final int SIGN_RESPONSE = 14;
    /** Sign flags: for an RSA key, sign with SHA-256 or SHA-512 instead of SHA-1 ({@code ssh-rsa}). */
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;

    /** A key the agent holds: its public key blob (SSH wire format) and its comment. */
    record Identity(byte[] blob, String comment) {
    }

    /** A signature from the agent: its algorithm ({@code ssh-ed25519}, {@code rsa-sha2-256} ...) and its bytes. */
    record Signed(String algorithm, byte[] signature) {
    }

    /** A reply that breaks the protocol, or the agent's refusal ({@code SSH_AGENT_FAILURE}). */
    static final class AgentReplyException extends java.io.IOException {
        private final boolean refused;

        AgentReplyException(String message) {
            this(message, false);
        }

        AgentReplyException(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        /** Whether the agent answered {@code SSH_AGENT_FAILURE}: it understood and said no. */
        boolean refused() {
            return refused;
        }
    }

    private AgentMessages() {
    }

    /** {@code SSH_AGENTC_REQUEST_IDENTITIES}, framed. */
    static byte[] requestIdentities() {
        return frame(new ByteArrayOutputStream(), REQUEST_IDENTITIES);
    }

    /** {@code SSH_AGENTC_SIGN_REQUEST}: sign {@code data} with the key of {@code blob}, framed. */
    static byte[] signRequest(byte[] blob, byte[] data, int flags) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(blob.length + data.length + 16);
        string(body, blob);
        string(body, data);
        uint32(body, flags);
        return frame(body, SIGN_REQUEST);
    }

    /** The sign flags asking for {@code algorithm}: the SHA-2 flags for RSA's {@code rsa-sha2-*}, else none. */
    static int signFlags(String algorithm) {
        return switch (algorithm) {
            case "rsa-sha2-256", "rsa-sha2-256-cert-v01@openssh.com" -> RSA_SHA2_256;
            case "rsa-sha2-512", "rsa-sha2-512-cert-v01@openssh.com" -> RSA_SHA2_512;
            default -> 0;
        };
    }

    /**
     * The length announced by a reply's first four bytes.
     *
     * @throws AgentReplyException when it is 0 (no message type) or more than {@link #MAX_REPLY}
     */
    static int replyLength(byte[] header) throws AgentReplyException {
        long length = new Cursor(header, "reply length").u32();
        if (length == 0) {
            throw new AgentReplyException("the agent sent an empty reply (length 0, no message type)");
        }
        if (length > MAX_REPLY) {
            throw new AgentReplyException("the agent announced a reply of " + length + " bytes, more than the "
                    + MAX_REPLY + " an agent may send");
        }
        return (int) length;
    }

    /**
     * The keys of an {@code SSH_AGENT_IDENTITIES_ANSWER} ({@code body}: the reply after its length).
     *
     * @throws AgentReplyException when the agent answered {@code SSH_AGENT_FAILURE}, something else, or a malformed list
     */
    static List<Identity> identities(byte[] body) throws AgentReplyException {
        Cursor in = new Cursor(body, "identities answer");
        int type = in.u8();
        if (type == FAILURE) {
            throw new AgentReplyException("the agent refused to list its keys (SSH_AGENT_FAILURE)", true);
        }
        expect(type, IDENTITIES_ANSWER, "SSH_AGENT_IDENTITIES_ANSWER");
        long count = in.u32();
        // Each key takes at least 8 bytes (two string lengths): a larger count cannot be honest, and is not allocated.
        if (count > in.left() / 8) {
            throw new AgentReplyException("the agent's identities answer announces " + count + " keys in "
                    + in.left() + " bytes");
        }
        List<Identity> keys = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            in.at("key " + (i + 1) + " of " + count);
            byte[] blob = in.string();
            String comment = new String(in.string(), StandardCharsets.UTF_8);
            keys.add(new Identity(blob, comment));
        }
        in.end();
        return keys;
    }

    /**
     * The signature of an {@code SSH_AGENT_SIGN_RESPONSE}.
     *
     * @throws AgentReplyException when the agent answered {@code SSH_AGENT_FAILURE} (it refused), something else, or a
     *         malformed signature
     */
    static Signed signature(byte[] body) throws AgentReplyException {
        Cursor in = new Cursor(body, "sign response");
        int type = in.u8();
        if (type == FAILURE) {
            throw new AgentReplyException("the agent refused to sign (SSH_AGENT_FAILURE)", true);
        }
        expect(type, SIGN_RESPONSE, "SSH_AGENT_SIGN_RESPONSE");
        byte[] blob = in.string();
        in.end();
        Cursor sig = new Cursor(blob, "signature");
        String algorithm = new String(sig.string(), StandardCharsets.US_ASCII);
        byte[] bytes = sig.string();
        sig.end();
        if (algorithm.isEmpty() || bytes.length == 0) {
            throw new AgentReplyException("the agent's signature has an empty algorithm name or no bytes");
        }
        return new Signed(algorithm, bytes);
    }

    private static void expect(int type, int expected, String name) throws AgentReplyException {
        if (type != expected) {
            throw new AgentReplyException("the agent answered with message type " + type + " instead of " + name
                    + " (" + expected + ")");
        }
    }

    private static byte[] frame(ByteArrayOutputStream body, int type) {
        byte[] content = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 5);
        uint32(out, content.length + 1);
        out.write(type);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, byte[] bytes) {
        uint32(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void uint32(ByteArrayOutputStream out, long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
    }

    /** Reads a reply with every length checked against what is left. */
    private static final class Cursor {
        private final byte[] bytes;
        private final String what;
        private String where = "";
        private int pos;

        Cursor(byte[] bytes, String what) {
            this.bytes = bytes;
            this.what = what;
        }

        void at(String place) {
            where = place;
        }

        int left() {
            return bytes.length - pos;
        }

        int u8() throws AgentReplyException {
            need(1, "a message type");
            return bytes[pos++] & 0xFF;
        }

        long u32() throws AgentReplyException {
            need(4, "a 4-byte number");
            long v = ((bytes[pos] & 0xFFL) << 24) | ((bytes[pos + 1] & 0xFF) << 16) | ((bytes[pos + 2] & 0xFF) << 8)
                    | (bytes[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        byte[] string() throws AgentReplyException {
            long length = u32();
            if (length > left()) {
                throw malformed("a string of " + length + " bytes where " + left() + " are left");
            }
            byte[] s = java.util.Arrays.copyOfRange(bytes, pos, pos + (int) length);
            pos += (int) length;
            return s;
        }

        void end() throws AgentReplyException {
            if (left() != 0) {
                throw malformed(left() + " bytes after the end");
            }
        }

        private void need(int n, String thing) throws AgentReplyException {
            if (left() < n) {
                throw malformed("cut short: " + thing + " expected, " + left() + " bytes left");
            }
        }

        private AgentReplyException malformed(String detail) {
            return new AgentReplyException("the agent's " + what + " is malformed" + (where.isEmpty() ? "" : " at " + where)
                    + ": " + detail);
        }
    }
}
