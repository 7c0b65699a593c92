package dev.baton.jump.run;

import java.time.Instant;
import java.util.Map;

/**
 * One host of a jump run, as stored: where it is in the recipe and what a resume needs.
 *
 * @param position        its place in the run's order (0 first): slots are handed out in this order
 * @param name            the host's name in the recipe ({@code %_HOST%}) and its holder name in the run's lock
 * @param address         how to reach it, as given ("name", "name=host:port", "user@host:port")
 * @param next            the index (0-based, in the recipe's statements) of the next statement to run
 * @param line            the recipe line it runs, or stopped at, or ran last; 0 before the first
 * @param variables       the variables as they were after the last line that ended, in definition order, so a
 *                        resume never runs a {@code key=`cmd`} or a built-in again
 * @param expectedHostKey the host key fingerprint a {@code hostkey(...)} line declared; {@code null}: known_hosts
 * @param decision        an operator's retry or skip not yet acted on; {@code null}: none
 * @param message         what it does or why it stopped, for people; may be empty
 */
public record JumpHost(String run, int position, String name, String address, HostState state, int next, int line,
                       Map<String, String> variables, String expectedHostKey, Decision decision, String message,
                       Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public JumpHost {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
        message = message == null ? "" : message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    /** A host not started yet. */
    public static JumpHost waiting(String run, int position, String name, String address, Instant at) {
        return new JumpHost(run, position, name, address, HostState.WAITING, 0, 0, Map.of(), null, null, "", null, at,
                null);
    }

    public JumpHost state(HostState newState, String newMessage, Instant at) {
        return new JumpHost(run, position, name, address, newState, next, line, variables, expectedHostKey, decision,
                newMessage, startedAt == null && newState == HostState.RUNNING ? at : startedAt, at,
                newState.ended() ? at : finishedAt);
    }

    public JumpHost at(int newNext, int newLine, Map<String, String> newVariables, String newExpectedHostKey) {
        return new JumpHost(run, position, name, address, state, newNext, newLine, newVariables, newExpectedHostKey,
                decision, message, startedAt, updatedAt, finishedAt);
    }

    public JumpHost decided(Decision newDecision) {
        return new JumpHost(run, position, name, address, state, next, line, variables, expectedHostKey, newDecision,
                message, startedAt, updatedAt, finishedAt);
    }
}
