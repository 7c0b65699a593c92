package dev.baton.cli;

import dev.baton.client.BatonClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/**
 * How an admin command reaches the server, shared by every admin command as a picocli mixin.
 * Credentials come from the environment so they never appear in the process list:
 * {@code BATON_CREDENTIAL_ID} + {@code BATON_CREDENTIAL_SECRET}, else the user {@code admin} with
 * {@code BATON_ADMIN_PASSWORD}.
 */
public final class ServerConnection {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:BATON_SERVER:-http://127.0.0.1:8080}",
            description = "The Baton server (default: ${DEFAULT-VALUE}; env BATON_SERVER).")
    URI server;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA certificate(s) to trust for an HTTPS server.")
    Path ca;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a table.")
    boolean json;

    BatonClient client() {
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
        return new BatonClient(server, auth, ca == null ? null : trusting(ca));
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
            }
            if (i == 0) {
                throw new CliException("--ca " + caFile + " holds no PEM certificate");
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new CliException("cannot read --ca " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CliException("--ca " + caFile + " is not a usable PEM certificate: " + e.getMessage());
        }
    }
}
