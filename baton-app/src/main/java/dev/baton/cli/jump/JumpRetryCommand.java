package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.ExitCodes;
import dev.baton.client.JumpClient;
import picocli.CommandLine.Command;

/** {@code baton jump retry RUN HOST}: an operator's decision for a host that waits for one. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Run the line a failed or interrupted host stopped at again, in the slot it kept (for a host refused by its pre-checks: run them again when its turn comes). The run acts on it within a second; see 'baton jump show RUN HOST' for the host's log first."},
        footer = {"", ExitCodes.HELP})
public final class JumpRetryCommand extends JumpDecisionCommand {

    @Override
    String decision() {
        return "retry";
    }

    @Override
    JsonNode send(JumpClient jump) {
        return jump.retry(run, host);
    }
}
