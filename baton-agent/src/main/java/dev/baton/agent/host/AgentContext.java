package dev.baton.agent.host;

import dev.baton.agent.lock.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * What the agent takes from the world, in one place so tests can give their own: the clock (date constraints,
 * windows, time stamps), the environment (dotenv overrides, {@code OS_REFRESH_CONFIG_BASE_DIR}), the output
 * streams, how to sleep, the randomness of backoff and {@code --random_sleep}, and which boot of the host this is.
 */
public record AgentContext(Clock clock, Map<String, String> env, PrintStream out, PrintStream err, Sleeper sleeper,
                           RandomGenerator random, BootId bootId) {

    /** With the host's own boot id. */
    public AgentContext(Clock clock, Map<String, String> env, PrintStream out, PrintStream err, Sleeper sleeper, RandomGenerator random) {
        this(clock, env, out, err, sleeper, random, BootId.SYSTEM);
    }

    public static AgentContext system() {
        return new AgentContext(Clock.systemUTC(), System.getenv(), System.out, System.err, Sleeper.REAL,
                new java.util.Random(), BootId.SYSTEM);
    }

    public AgentContext withClock(Clock c) {
        return new AgentContext(c, env, out, err, sleeper, random, bootId);
    }

    public AgentContext withBootId(BootId b) {
        return new AgentContext(clock, env, out, err, sleeper, random, b);
    }
}
