package dev.baton.cli;

import dev.baton.client.BatonClient;
import dev.baton.client.ServerAddress;
import dev.baton.client.http.HttpTransport;
import dev.baton.client.tls.TlsContexts;
import dev.baton.client.tls.TlsFileException;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * How an admin command reaches the server, shared by every admin command as a picocli mixin: the server's address
 * ({@code --server} or {@code BATON_SERVER}: a URL, the API's own {@code .../api/v3} URL, or {@code host:port}),
 * the CA that signed an HTTPS server's certificate ({@code --ca} or {@code BATON_CA}), and {@code --json}.
 * Credentials come from the environment so they never appear in the process list:
 * {@code BATON_CREDENTIAL_ID} + {@code BATON_CREDENTIAL_SECRET}, else the user {@code admin} with
 * {@code BATON_ADMIN_PASSWORD}.
 */
public final class ServerConnection {

    static final String TRUST_HINT = "pass --ca FILE or set BATON_CA to the CA certificate that signed it";

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:BATON_SERVER:-http://127.0.0.1:8080}",
            description = "The Baton server, e.g. https://baton.example.com or host:port (default: ${DEFAULT-VALUE}; "
                    + "environment: BATON_SERVER).")
    String server;

    @Option(names = "--ca", paramLabel = "FILE", defaultValue = "${env:BATON_CA}",
            description = "The CA certificate(s), PEM, that signed an https:// server's certificate (environment: BATON_CA).")
    Path ca;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
    boolean json;

    /** Whether to print JSON for scripts. */
    public boolean json() {
        return json;
    }

    /** The server's base URL. @throws CliException when --server or BATON_SERVER is not a server address */
    public URI server() {
        try {
            return ServerAddress.parse(server);
        } catch (IllegalArgumentException e) {
            String source = server != null && server.equals(System.getenv("BATON_SERVER")) ? "BATON_SERVER" : "--server";
            throw new CliException(source + ": " + e.getMessage());
        }
    }

    /** A client of the server, authenticated from the environment. */
    public BatonClient client() {
        URI base = server();
        String id = System.getenv("BATON_CREDENTIAL_ID");
        String secret = System.getenv("BATON_CREDENTIAL_SECRET");
        BatonClient.Auth auth;
        if (id != null && secret != null) {
            auth = new BatonClient.Auth.Basic(id, secret);
        } else if (System.getenv("BATON_ADMIN_PASSWORD") != null) {
            auth = new BatonClient.Auth.Basic("admin", System.getenv("BATON_ADMIN_PASSWORD"));
        } else {
            throw new CliException("no credentials: set BATON_ADMIN_PASSWORD, or BATON_CREDENTIAL_ID and BATON_CREDENTIAL_SECRET");
        }
        return new BatonClient(new HttpTransport(trust(), TRUST_HINT), base, auth);
    }

    private SSLContext trust() {
        if (ca == null) {
            return null;
        }
        try {
            return TlsContexts.create(ca, null, null);
        } catch (TlsFileException e) {
            String source = ca.toString().equals(System.getenv("BATON_CA")) ? "BATON_CA" : "--ca";
            throw new CliException(source + ": " + e.getMessage());
        }
    }
}
