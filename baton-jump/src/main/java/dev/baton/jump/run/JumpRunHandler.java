package dev.baton.jump.run;

import dev.baton.jobs.JobContext;
import dev.baton.jobs.JobHandler;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.ssh.SshConnector;
import dev.baton.lock.Locks;
import java.io.IOException;
import java.time.InstantSource;

/**
 * The durable job that runs a jump run ({@link #KIND}, its subject the run's name): one server at a time runs it; a
 * server that dies leaves it to be resumed (by {@link FleetRun}) here after a restart or on another server. The job
 * ends when the run ends (finished or aborted); while hosts wait for operators it keeps running.
 */
public final class JumpRunHandler implements JobHandler {

    public static final String KIND = "jump-run";

    private final JumpStore store;
    private final Locks locks;
    private final JumpSettings settings;
    private final HostTools tools;
    private final InstantSource clock;

    public JumpRunHandler(JumpStore store, Locks locks, JumpSettings settings, HostTools tools, InstantSource clock) {
        this.store = store;
        this.locks = locks;
        this.settings = settings;
        this.tools = tools;
        this.clock = clock;
    }

    @Override
    public void run(JobContext context) throws Exception {
        String name = context.job().subject();
        JumpRun run = store.run(name).orElseThrow(() -> new IllegalStateException("there is no jump run " + name));
        if (!run.state().active()) {
            return;
        }
        Recipe recipe = JumpRuns.recipeOf(run);
        if (!recipe.ok()) {
            // Checked when the run was created; a run whose stored recipe no longer parses is a bug, said plainly.
            throw new IllegalStateException("the recipe of jump run " + name + " has problems: " + recipe.problems());
        }
        String token = context.job().runner() + "#" + context.job().attempts();
        SshConnector connector;
        try {
            connector = new SshConnector(settings.ssh());
        } catch (IOException e) {
            // No key to log in with: every host is refused by its ssh pre-check, saying why, and the run ends.
            new FleetRun(run, recipe, store, locks, null, "Baton cannot log in to hosts: " + e.getMessage(), tools,
                    settings, context, token, clock).run();
            return;
        }
        try (connector) {
            new FleetRun(run, recipe, store, locks, connector, null, tools, settings, context, token, clock).run();
        }
    }
}
