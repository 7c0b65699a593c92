package dev.baton.agent.lock;

import java.time.Duration;

/** Waiting, behind an interface so tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
}
