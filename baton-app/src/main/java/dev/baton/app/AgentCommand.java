package dev.baton.app;

import picocli.CommandLine.Command;

/**
 * {@code baton agent ...}: the host agent, the same program as the installed {@code baton-agent}.
 * {@link Main} hands the arguments to it before picocli parses them; this class only lists it in the help.
 */
@Command(name = "agent", description = "Run the host agent (the same program as baton-agent): run, plan, status, check-config, refresh-config.")
final class AgentCommand {
}
