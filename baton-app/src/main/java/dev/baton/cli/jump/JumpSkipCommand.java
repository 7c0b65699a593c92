package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.client.JumpClient;
import picocli.CommandLine.Command;

/** {@code baton jump skip RUN HOST}: an operator's decision for a host that waits for one. */
@Command(name = "skip", mixinStandardHelpOptions = true,
        description = {"Go on past the line a failed or interrupted host stopped at, as if it had succeeded, in the slot it kept (after fixing by hand what it should have done). The run acts on it within a second; see 'baton jump show RUN HOST' for the host's log first."},
        footer = {"", ExitCodes.HELP})
public final class JumpSkipCommand extends JumpDecisionCommand {

    @Override
    String decision() {
        return "skip";
    }

    @Override
    JsonNode send(JumpClient jump) {
        return jump.skip(run, host);
    }
}
