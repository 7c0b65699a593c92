package dev.baton.agent;

import dev.baton.agent.cli.AgentCommand;
import dev.baton.agent.host.AgentContext;

/**
 * {@code baton-agent}: the host agent. Entry points: {@link #main} for the installed program and
 * {@link #run(String...)} for callers in the same JVM ({@code ./baton agent ...}, the demo), which returns the
 * exit code instead of exiting. The command line itself is {@link AgentCommand}'s.
 */
public final class AgentMain {

    private AgentMain() {
    }

    /** Runs {@code baton-agent} with these arguments in this JVM and returns the exit code (never exits). */
    public static int run(String... args) {
        return run(AgentContext.system(), args);
    }

    /** Like {@link #run(String...)} with the given clock, environment, streams and host. */
    public static int run(AgentContext context, String... args) {
        return AgentCommand.execute(context, args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
