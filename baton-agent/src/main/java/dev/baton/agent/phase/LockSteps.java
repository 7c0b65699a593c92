package dev.baton.agent.phase;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.LockProtocol;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.lock.LockClient;
import dev.baton.agent.lock.LockClients;
import dev.baton.agent.lock.LockException;
import dev.baton.agent.lock.LockWaiter;
import dev.baton.agent.lock.ServerLink;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.report.Reporter;
import dev.baton.agent.state.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The run's dealings with its lock server: take the lock (lock_get), make sure a resumed run still holds it, give it
 * back (lock_release). The client is made once, by the first step that needs it, so a run with nothing to do never
 * loads the HTTP classes.
 *
 * <p><b>A resumed run still holds its lock</b> only if the server says so: an operator may have force-released the
 * slot after a failure, and another host may hold it now. {@link #check} asks ({@link LockClient#isHeld()}); where the
 * protocol cannot tell, the answer is {@link Held#UNKNOWN} and the caller takes the lock again, which is the check,
 * since taking a lock one already holds is a no-op for the holder on every protocol.
 */
final class LockSteps {

    /** What the server says of this holder and the lock. */
    enum Held { YES, NO, UNKNOWN }

    private final AgentConfig config;
    private final AgentContext ctx;
    private final AgentLog log;
    private String holder;
    private LockClient client;
    private ServerLink link;

    LockSteps(AgentConfig config, AgentContext ctx, AgentLog log) {
        this.config = config;
        this.ctx = ctx;
        this.log = log;
    }

    /** The holder id sent to the server: the configured one, else this host's FQDN (looked up once). */
    String holder() {
        if (holder == null) {
            holder = LockClients.holder(config);
        }
        return holder;
    }

    private LockClient client() throws IOException {
        if (client == null) {
            client = link().lockClient(holder());
        }
        return client;
    }

    /** The run's one connection to the lock server (one TLS context), shared by the lock client and the reporter. */
    ServerLink link() {
        if (link == null) {
            link = new ServerLink(config);
        }
        return link;
    }

    /**
     * Takes the lock, waiting as configured ({@code wait}, {@code wait_max}, {@code retry_*}).
     *
     * @return null when the lock is held now, else why not
     */
    String take(Reporter reporter) throws InterruptedException {
        try {
            LockClient c = client();
            log.info("taking lock " + config.lockName() + " as " + holder() + " from " + c.describe()
                    + (config.waitForLock() ? " (waiting up to " + config.waitMax().toSeconds() + " s)" : ""));
            reporter.report(Phase.LOCK_GET.stateName(), null, "waiting", null, null);
            LockWaiter.Outcome o = new LockWaiter(c, log, ctx.clock(), ctx.sleeper(), ctx.random())
                    .acquire(config.waitForLock(), config.waitMax(), config.retryMin(), config.retryMax());
            if (!o.granted()) {
                return o.detail() + " (after " + o.attempts() + (o.attempts() == 1 ? " attempt)" : " attempts)");
            }
            log.info("lock " + config.lockName() + " acquired: " + o.detail());
            reporter.report(Phase.LOCK_GET.stateName(), null, "granted", null, o.detail());
            return null;
        } catch (LockException | IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Asks the server whether this holder holds the lock. A server that cannot be reached, or a protocol that cannot
     * tell, is {@link Held#UNKNOWN} (logged); protocol {@code none} has no lock to lose ({@link Held#YES}).
     */
    Held check() {
        if (config.protocol() == LockProtocol.NONE) {
            return Held.YES;
        }
        try {
            Optional<Boolean> held = client().isHeld();
            if (held.isEmpty()) {
                log.info("the " + config.protocol() + " protocol cannot say who holds lock " + config.lockName()
                        + "; taking it again to be sure (a no-op when this host holds it)");
                return Held.UNKNOWN;
            }
            if (held.get()) {
                log.info("lock " + config.lockName() + " is still held by " + holder());
                return Held.YES;
            }
            return Held.NO;
        } catch (IOException | LockException e) {
            log.warn("cannot ask " + config.endpoint() + " whether " + holder() + " holds lock " + config.lockName() + ": "
                    + e.getMessage() + "; taking it again to be sure");
            return Held.UNKNOWN;
        }
    }

    /**
     * Gives the lock back, retrying network errors (10 tries, 5 s apart, as the seeds).
     *
     * @return null when released, else why not
     */
    String release() throws InterruptedException {
        try {
            return new LockWaiter(client(), log, ctx.clock(), ctx.sleeper(), ctx.random()).release(10, Duration.ofSeconds(5));
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
