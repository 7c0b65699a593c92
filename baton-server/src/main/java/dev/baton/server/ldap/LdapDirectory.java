package dev.baton.server.ldap;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import dev.baton.auth.Directory;
import dev.baton.auth.DirectoryUnavailableException;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

/**
 * An LDAP directory people sign in against: a simple bind as the user (its DN made from {@link LdapSettings#userDn}),
 * then, on the same connection and as that user, a search for its groups. Nothing is cached here and no service
 * account is needed; the caller ({@link dev.baton.auth.AuthService}) remembers a successful sign-in for a few
 * minutes. Wrong passwords and unknown users answer empty; a directory that cannot be reached, or fails otherwise,
 * throws {@link DirectoryUnavailableException} (local users are checked without it).
 *
 * <p>With ldaps:// or StartTLS ({@link LdapSettings#startTls}) the password travels only over TLS: the directory's
 * certificate must chain to the site's CA ({@code --ldap-ca}) or, without one, to a CA the JDK trusts, and must name
 * the host of the URL. A certificate that does not is refused before anything is sent, with a message that says so.
 */
public final class LdapDirectory implements Directory {

    /** The names Baton accepts for users; none of these characters needs escaping in a DN. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,200}");

    private final LdapSettings settings;
    private final LDAPURL url;
    /** For ldaps:// and StartTLS; {@code null} on a plain connection. */
    private final SSLContext tls;

    /** A directory whose TLS, if any, trusts the JDK's CAs. */
    public LdapDirectory(LdapSettings settings) {
        this(settings, null);
    }

    /**
     * @param trusted the TLS context that trusts the site's CA ({@code --ldap-ca}), or {@code null} for the JDK's CAs
     */
    public LdapDirectory(LdapSettings settings, SSLContext trusted) {
        this.settings = settings;
        try {
            this.url = new LDAPURL(settings.url().strip());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("--ldap-url '" + settings.url() + "' is not an LDAP URL: " + e.getMessage(), e);
        }
        try {
            this.tls = !settings.tls() ? null : trusted != null ? trusted : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no default TLS context", e);
        }
    }

    @Override
    public Optional<Set<String>> authenticate(String name, String password) {
        // An empty password would be an unauthenticated bind, which many directories accept as anonymous.
        if (name == null || !NAME.matcher(name).matches() || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        String dn = settings.userDn().replace("{0}", name);
        try (LDAPConnection connection = connect()) {
            try {
                connection.bind(dn, password);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    return Optional.empty();
                }
                throw e;
            }
            String filter = settings.groupFilter().replace("{dn}", Filter.encodeValue(dn)).replace("{name}", Filter.encodeValue(name));
            SearchResult groups = connection.search(settings.groupBase(), SearchScope.SUB, filter, "cn");
            Set<String> found = new LinkedHashSet<>();
            for (SearchResultEntry group : groups.getSearchEntries()) {
                found.add(group.getDN());
                String[] cns = group.getAttributeValues("cn");
                if (cns != null) {
                    found.addAll(java.util.List.of(cns));
                }
            }
            return Optional.of(found);
        } catch (LDAPException e) {
            if (tls != null && untrusted(e)) {
                throw new DirectoryUnavailableException("the directory " + describe() + " presented a TLS certificate that "
                        + (settings.ca() == null ? "no CA this JDK trusts" : "the CA in --ldap-ca " + settings.ca())
                        + " vouches for, or that does not name " + url.getHost() + ": nothing was sent. Give the CA "
                        + "that signed the directory's certificate with --ldap-ca (PEM)", e);
            }
            throw new DirectoryUnavailableException("the directory " + describe() + " failed: " + e.getResultCode()
                    + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")"), e);
        }
    }

    /** Whether the connection failed because the directory's certificate was not trusted (or names another host). */
    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException
                    || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("PKIX") || message.contains("hostname") || message.contains("certificate"))) {
                return true;
            }
        }
        return false;
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        options.setResponseTimeoutMillis(settings.timeout().toMillis());
        if (tls != null) {
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false)); // the certificate must name the host
        }
        if (url.getScheme().equalsIgnoreCase("ldaps")) {
            return new LDAPConnection(tls.getSocketFactory(), options, url.getHost(), url.getPort());
        }
        LDAPConnection connection = new LDAPConnection(SocketFactory.getDefault(), options, url.getHost(), url.getPort());
        if (settings.startTls()) {
            try {
                // Before the bind: the password never crosses the wire in the clear.
                ExtendedResult started = connection.processExtendedOperation(new StartTLSExtendedRequest(tls));
                if (started.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(started.getResultCode(), "the directory refused StartTLS: "
                            + started.getDiagnosticMessage());
                }
            } catch (LDAPException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    @Override
    public String describe() {
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort() + (settings.startTls() ? " (StartTLS)" : "");
    }
}
