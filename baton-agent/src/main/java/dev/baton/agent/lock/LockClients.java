package dev.baton.agent.lock;

import dev.baton.agent.config.AgentConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Builds the {@link LockClient} a configuration asks for. */
public final class LockClients {

    private LockClients() {
    }

    /**
     * The client of the configured protocol for a one-off question ({@code status --check-lock}); a run makes one
     * {@link ServerLink} and takes its lock client and its reporter's client from it.
     */
    public static LockClient create(AgentConfig config, String holder) throws IOException {
        return new ServerLink(config).lockClient(holder);
    }

    /** The holder id: the configured one, else the host's fully qualified name (as the seeds' {@code getfqdn()}). */
    public static String holder(AgentConfig config) {
        if (config.holder() != null) {
            return config.holder();
        }
        return fqdn();
    }

    public static String fqdn() {
        String hostname = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse(null);
        try {
            InetAddress local = InetAddress.getLocalHost();
            String canonical = local.getCanonicalHostName();
            if (canonical.contains(".") && !Character.isDigit(canonical.charAt(0))) {
                return canonical;
            }
            return local.getHostName();
        } catch (UnknownHostException e) {
            if (hostname != null) {
                return hostname;
            }
            try {
                return Files.readString(Path.of("/etc/hostname")).strip();
            } catch (IOException ex) {
                return "localhost";
            }
        }
    }

    /** Protocol {@code none}: always granted, nothing on the wire. */
    static final class NoLockClient implements LockClient {
        @Override
        public AcquireAttempt tryAcquire(Duration serverWait) {
            return AcquireAttempt.granted("no lock server configured (protocol none)");
        }

        @Override
        public void release() {
        }

        @Override
        public Optional<Boolean> isHeld() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no lock server";
        }
    }
}
