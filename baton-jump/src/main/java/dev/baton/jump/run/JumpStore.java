package dev.baton.jump.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where jump runs are kept: the runs, their hosts and each line run on each host.
 *
 * <p>Crash semantics: a step is written as {@link StepState#STARTED} before its line runs ({@link #stepStarted}) and
 * ended afterwards together with the host's new position and variables ({@link #stepEnded}), each in one transaction,
 * so after any crash the store tells which lines ran, which never started and which may have run.
 *
 * <p>Fencing: one runner at a time works on a run (the run's job lock); it first {@link #claim claims} the run with a
 * token, and every write of the runner carries that token and changes nothing once another runner claimed the run
 * (those writes answer false). Operators' requests ({@link #decide}, {@link #requestAbort}) are separate columns, read
 * and cleared by the runner.
 */
public interface JumpStore {

    /** Adds a run with its hosts; false when a run of that name exists (nothing is written then). */
    boolean create(JumpRun run, List<JumpHost> hosts);

    Optional<JumpRun> run(String name);

    /** Runs newest first, at most {@code limit}, created before {@code before} ({@code null}: the newest). */
    List<JumpRun> runs(Instant before, int limit);

    /** The run's hosts in their order. */
    List<JumpHost> hosts(String run);

    Optional<JumpHost> host(String run, String host);

    /** The host's steps in the order they ran. */
    List<JumpStep> steps(String run, String host);

    /** Makes {@code token} the run's runner; later writes with an older token change nothing. */
    void claim(String run, String token);

    /** Saves a host's state (the runner's copy, with its decision: a decision is cleared by saving null). */
    boolean saveHost(String token, JumpHost host);

    /** Records a step as started and the host as running it, in one transaction. */
    boolean stepStarted(String token, JumpStep step, JumpHost host);

    /** Saves the output seen so far of a running step. */
    boolean stepOutput(String token, JumpStep step);

    /** Records a step's end (or its new state) and the host's new state, in one transaction. */
    boolean stepEnded(String token, JumpStep step, JumpHost host);

    /** Saves the run's state and message (its end when the state is not active). */
    boolean saveRun(String token, JumpRun run);

    /**
     * An operator's retry or skip for a host that waits for one; false (nothing written) when the host does not wait
     * for a decision or the run ended.
     */
    boolean decide(String run, String host, Decision decision, Instant at);

    /** An operator's abort of an active run; false when the run is not active (nothing written). */
    boolean requestAbort(String run, String actor, Instant at);
}
