package dev.baton.jump.ssh;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.SessionContext;

/**
 * What happened during one connection's login, for the message when it fails: the keys offered to the host (by
 * fingerprint, with where they came from) and what went wrong with the ssh-agent. Never key material.
 * Filled from MINA's threads, read by the connecting thread afterwards.
 */
final class AuthTrace {

    /** The trace of the connection being set up, handed over through MINA's connection context. */
    static final AttributeKey<AuthTrace> KEY = new AttributeKey<>();

    private final List<PublicKey> agentKeys = new ArrayList<>();
    private final Map<String, String> offered = new LinkedHashMap<>();
    private String agentProblem;
    private String signingProblem;
    private String agentSource;

    /** The trace of a session, or a throwaway one when the session has none. */
    static AuthTrace of(SessionContext session) {
        AuthTrace trace = session instanceof ClientSession c && c.getConnectionContext() != null
                ? c.getConnectionContext().getAttribute(KEY) : null;
        return trace != null ? trace : new AuthTrace();
    }

    synchronized void agentListed(String source, List<PublicKey> keys) {
        agentSource = source;
        agentKeys.clear();
        agentKeys.addAll(keys);
    }

    synchronized boolean agentHolds(PublicKey key) {
        return agentKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
    }

    synchronized void agentProblem(String problem) {
        agentProblem = problem;
    }

    synchronized void offered(PublicKey key, String keyFile) {
        String source = agentHolds(key) ? agentSource : "key file " + keyFile;
        offered.putIfAbsent(SocketAgent.describe(key), source);
    }

    synchronized void signingProblem(String problem) {
        signingProblem = problem;
    }

    /** Why the agent did not sign, or null. */
    synchronized String signingProblem() {
        return signingProblem;
    }

    /** What went wrong with the agent when listing its keys, or null. */
    synchronized String agentProblem() {
        return agentProblem;
    }

    /** The keys offered, as {@code TYPE key SHA256:... (from SOURCE)}, comma-separated; empty when none was. */
    synchronized String offeredKeys() {
        return String.join(", ", offered.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
    }
}
