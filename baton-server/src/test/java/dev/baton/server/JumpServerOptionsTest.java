package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The server's --jump-ssh-agent: with a socket, or alone (then SSH_AUTH_SOCK), or not at all (no agent). */
class JumpServerOptionsTest {

    @Test
    void theAgentOptionTakesASocketOrStandsAlone() {
        ServerCommand alone = new ServerCommand();
        new CommandLine(alone).parseArgs("--jump-ssh-agent", "--port", "0");
        assertThat(alone.jumpSshAgent).isEmpty();
        assertThat(alone.port).isZero();

        ServerCommand socket = new ServerCommand();
        new CommandLine(socket).parseArgs("--jump-ssh-agent", "/run/baton/agent.sock");
        assertThat(socket.jumpSshAgent).isEqualTo("/run/baton/agent.sock");

        ServerCommand none = new ServerCommand();
        new CommandLine(none).parseArgs("--port", "0");
        assertThat(none.jumpSshAgent).isNull();
    }
}
