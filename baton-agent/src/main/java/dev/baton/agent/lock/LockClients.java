package dev.baton.agent.lock;

import dev.baton.agent.config.AgentConfig;
import dev.baton.client.BatonClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** Builds the {@link LockClient} a configuration asks for. */
public final class LockClients {

    private LockClients() {
    }

    public static LockClient create(AgentConfig config, String holder) throws IOException {
        SSLContext ssl = config.ca() != null || config.clientCert() != null
                ? Tls.context(config.ca(), config.clientCert(), config.clientKey()) : null;
        return switch (config.protocol()) {
            case BATON -> new NativeLockClient(batonClient(config, ssl), config.lockName(), holder);
            case DLM_V1 -> new DlmEngineLockClient(true, config.endpoint(), config.orgId(), config.lockName(), holder,
                    config.secretId(), config.secret(), ssl);
            case DLM_V2 -> new DlmEngineLockClient(false, config.endpoint(), config.orgId(), config.lockName(), holder,
                    config.secretId(), config.secret(), ssl);
            case FOREMAN -> new ForemanLockClient(config.endpoint(), config.lockName(), ssl);
            case FLEETLOCK -> new FleetLockClient(config.endpoint(), holder, config.group(), ssl);
            case NONE -> new NoLockClient();
        };
    }

    /** The client of the configured Baton server (also used for progress reports). */
    public static BatonClient batonClient(AgentConfig config, SSLContext ssl) {
        BatonClient.Auth auth = config.secretId() != null ? new BatonClient.Auth.Basic(config.secretId(), config.secret())
                : new BatonClient.Auth.None();
        return new BatonClient(config.endpoint(), auth, ssl);
    }

    public static SSLContext ssl(AgentConfig config) throws IOException {
        return config.ca() != null || config.clientCert() != null ? Tls.context(config.ca(), config.clientCert(), config.clientKey()) : null;
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
