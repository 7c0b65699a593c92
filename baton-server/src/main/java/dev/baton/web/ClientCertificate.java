package dev.baton.web;

import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The client certificate of a request, as the TLS layer verified it against the client CA. A request carries
 * one only over HTTPS with {@code --client-ca}; a certificate that did not verify never gets this far (the
 * handshake fails).
 */
final class ClientCertificate {

    private static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private ClientCertificate() {
    }

    /** The subject CN of the request's client certificate, lower-cased; empty without a certificate or a CN. */
    static Optional<String> commonName(Context ctx) {
        if (!(ctx.req().getAttribute(ATTRIBUTE) instanceof X509Certificate[] chain) || chain.length == 0) {
            return Optional.empty();
        }
        X500Name subject = X500Name.getInstance(chain[0].getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return Optional.empty();
        }
        String cn = IETFUtils.valueToString(cns[0].getFirst().getValue()).strip().toLowerCase(Locale.ROOT);
        return cn.isEmpty() ? Optional.empty() : Optional.of(cn);
    }
}
