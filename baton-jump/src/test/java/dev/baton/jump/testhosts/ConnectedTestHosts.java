package dev.baton.jump.testhosts;

import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.SshConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test hosts with an {@link SshConnector} of their settings, started and closed together: what most tests of code
 * that talks to hosts need, and {@link #remote} to look at a host from the test.
 */
public final class ConnectedTestHosts implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TestHosts hosts;
    private final SshConnector ssh;

    private ConnectedTestHosts(TestHosts hosts, SshConnector ssh) {
        this.hosts = hosts;
        this.ssh = ssh;
    }

    /** Starts {@code count} hosts (see {@link TestHosts#start}) and a connector with their settings. */
    public static ConnectedTestHosts start(int count, Path dir) {
        TestHosts hosts = TestHosts.start(count, dir);
        try {
            return new ConnectedTestHosts(hosts, new SshConnector(hosts.settings()));
        } catch (IOException e) {
            hosts.close();
            throw new UncheckedIOException(e);
        }
    }

    public TestHosts hosts() {
        return hosts;
    }

    public SshConnector ssh() {
        return ssh;
    }

    /** The host named {@code name}. */
    public TestHost host(String name) {
        return hosts.host(name);
    }

    /** Runs {@code command} on the host in a session of its own; its output lines (whatever its exit status). */
    public List<String> remote(TestHost host, String command) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        try (HostSession s = ssh.connect(host.address(), Optional.empty())) {
            s.run(command, TIMEOUT, out::add);
        }
        return out;
    }

    /** Closes the connector, then stops the hosts. */
    @Override
    public void close() {
        try {
            ssh.close();
        } catch (IOException e) {
            System.err.println("could not close the test hosts' SSH client: " + e);
        } finally {
            hosts.close();
        }
    }
}
