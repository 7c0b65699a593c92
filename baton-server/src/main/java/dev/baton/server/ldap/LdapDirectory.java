package dev.baton.server.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
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
 */
public final class LdapDirectory implements Directory {

    /** The names Baton accepts for users; none of these characters needs escaping in a DN. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,200}");

    private final LdapSettings settings;
    private final LDAPURL url;

    public LdapDirectory(LdapSettings settings) {
        this.settings = settings;
        try {
            this.url = new LDAPURL(settings.url().strip());
        } catch (LDAPException e) {
            throw new IllegalArgumentException("--ldap-url '" + settings.url() + "' is not an LDAP URL: " + e.getMessage(), e);
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
            throw new DirectoryUnavailableException("the directory " + describe() + " failed: " + e.getResultCode()
                    + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")"), e);
        }
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
        options.setResponseTimeoutMillis(settings.timeout().toMillis());
        SocketFactory sockets;
        if (url.getScheme().equalsIgnoreCase("ldaps")) {
            try {
                sockets = SSLContext.getDefault().getSocketFactory();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no default TLS context", e);
            }
        } else {
            sockets = SocketFactory.getDefault();
        }
        return new LDAPConnection(sockets, options, url.getHost(), url.getPort());
    }

    @Override
    public String describe() {
        return url.getScheme() + "://" + url.getHost() + ":" + url.getPort();
    }
}
