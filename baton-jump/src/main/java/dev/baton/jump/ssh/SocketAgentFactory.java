package dev.baton.jump.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/**
 * Plugs {@link SocketAgent} into MINA's client: for each login, a connection to the agent whose keys are offered before
 * the key file's (MINA's order, and OpenSSH's). An agent that cannot be reached or read at that moment is noted in the
 * connection's {@link AuthTrace} and left out, so a key file, if there is one, is still tried. The agent is never
 * forwarded to the hosts (root on a host could use it).
 */
final class SocketAgentFactory implements SshAgentFactory {

    private final Path socket;
    private final Duration timeout;

    SocketAgentFactory(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        AuthTrace trace = AuthTrace.of(session);
        SocketAgent agent = null;
        try {
            agent = SocketAgent.connect(socket, timeout);
            List<Map.Entry<PublicKey, String>> keys = agent.getIdentities();
            trace.agentListed("ssh-agent " + socket, keys.stream().map(Map.Entry::getKey).toList());
            if (keys.isEmpty()) {
                trace.agentProblem(SocketAgent.noKeys(socket));
            }
            return agent;
        } catch (IOException e) {
            trace.agentProblem(e.getMessage());
            if (agent != null) {
                agent.close();
            }
            return null; // MINA then offers the key file's keys only
        }
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) throws IOException {
        throw new IOException("Baton does not forward its ssh-agent to the hosts");
    }
}
