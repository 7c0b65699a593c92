package dev.baton.channels;

import dev.baton.notify.DeliveryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS sockets that trust exactly the CA certificates of a PEM file (a site's own CA, as for its mail relay), not the
 * JVM's trust store. A file that cannot be read or holds no certificate fails the send with a message naming it.
 */
final class TrustedCas {

    private TrustedCas() {
    }

    static SSLSocketFactory socketFactory(Path caFile) {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(caFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new DeliveryException("the CA file " + caFile + " for the SMTP server could not be read: " + e.getMessage());
        }
        if (certs.isEmpty()) {
            throw new DeliveryException("the CA file " + caFile + " for the SMTP server holds no PEM certificate");
        }
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new DeliveryException("the CA file " + caFile + " for the SMTP server could not be used: " + e.getMessage());
        }
    }
}
