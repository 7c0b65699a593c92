package dev.baton.agent.lock;

import dev.baton.agent.config.AgentConfig;
import dev.baton.client.BatonClient;
import dev.baton.client.http.HttpTransport;
import dev.baton.client.tls.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLContext;

/**
 * The agent's connection to its lock server for one run: one TLS context (the {@code ca}, {@code client_crt} and
 * {@code client_key} files read once) and one HTTP transport, shared by the lock client and the progress reporter.
 * Nothing is read or initialised until the first client is asked for, so a run with nothing to do never loads HTTP,
 * TLS or Jackson. Thread-safe: the reporter asks from its own thread.
 */
public final class ServerLink {

    private final AgentConfig config;
    private HttpTransport transport;

    public ServerLink(AgentConfig config) {
        this.config = config;
    }

    /** The run's transport, made on first use. @throws IOException when a TLS file cannot be used (it says which) */
    public synchronized HttpTransport transport() throws IOException {
        if (transport == null) {
            SSLContext ssl = config.ca() != null || config.clientCert() != null
                    ? TlsContexts.create(config.ca(), config.clientCert(), config.clientKey()) : null;
            transport = new HttpTransport(ssl, "set ca to the file of the CA certificate that signed it in "
                    + (config.file() != null ? config.file() : "the configuration"));
        }
        return transport;
    }

    /** The client of the configured lock protocol, locking as {@code holder}. */
    public LockClient lockClient(String holder) throws IOException {
        return switch (config.protocol()) {
            case BATON -> new NativeLockClient(batonClient(), config.lockName(), holder);
            case DLM_V1, DLM_V2 -> new DlmEngineLockClient(transport(), DlmEngineLockClient.Location.of(config.endpoint(),
                    config.protocol() == dev.baton.agent.config.LockProtocol.DLM_V1, config.orgId(), config.lockName()),
                    holder, config.secretId(), config.secret());
            case FOREMAN -> new ForemanLockClient(transport(), config.endpoint(), config.lockName());
            case FLEETLOCK -> new FleetLockClient(transport(), config.endpoint(), holder, config.group());
            case NONE -> new LockClients.NoLockClient();
        };
    }

    /**
     * The native API client of the configured server, for lock and progress reports.
     *
     * @throws UncheckedIOException when a TLS file cannot be used
     */
    public BatonClient batonClient() {
        BatonClient.Auth auth = config.secretId() != null ? new BatonClient.Auth.Basic(config.secretId(), config.secret())
                : new BatonClient.Auth.None();
        try {
            return new BatonClient(transport(), config.endpoint(), auth);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
