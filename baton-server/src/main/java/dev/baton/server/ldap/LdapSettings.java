package dev.baton.server.ldap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Signing in against an LDAP directory; each setting is an option of {@code baton server}.
 *
 * @param url          {@code --ldap-url}: {@code ldap://host:389} or {@code ldaps://host:636}; {@code null}: no directory
 * @param userDn       {@code --ldap-user-dn}: the DN to bind as, {@code {0}} standing for the user name, e.g.
 *                     {@code uid={0},ou=people,dc=example,dc=org}
 * @param groupBase    {@code --ldap-group-base}: where groups are searched, e.g. {@code ou=groups,dc=example,dc=org}
 * @param groupFilter  {@code --ldap-group-filter}: the groups of a user, {@code {dn}} standing for its DN and
 *                     {@code {name}} for its name; default {@link #DEFAULT_GROUP_FILTER}
 * @param groupRoles   {@code --ldap-group-role}: {@code GROUP=ROLE} mappings, the group by name (cn) or DN
 * @param timeout      {@code --ldap-timeout}: connecting and each answer; default 5 s
 * @param ca           {@code --ldap-ca}: the PEM file of the CA(s) the directory's certificate must chain to, for
 *                     ldaps:// and StartTLS; {@code null}: the JDK's trusted CAs
 * @param startTls     {@code --ldap-starttls}: on an ldap:// URL, switch to TLS (StartTLS) before the password is sent
 */
public record LdapSettings(String url, String userDn, String groupBase, String groupFilter, List<String> groupRoles,
                           Duration timeout, Path ca, boolean startTls) {

    /** Groups of the common object classes: groupOfNames, groupOfUniqueNames and posixGroup. */
    public static final String DEFAULT_GROUP_FILTER = "(|(member={dn})(uniqueMember={dn})(memberUid={name}))";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final LdapSettings NONE = new LdapSettings(null, null, null, null, List.of(), null);

    /** Without TLS options: ldaps:// trusts the JDK's CAs, ldap:// stays plain. */
    public LdapSettings(String url, String userDn, String groupBase, String groupFilter, List<String> groupRoles,
                        Duration timeout) {
        this(url, userDn, groupBase, groupFilter, groupRoles, timeout, null, false);
    }

    public LdapSettings {
        groupRoles = groupRoles == null ? List.of() : groupRoles.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        groupFilter = groupFilter == null || groupFilter.isBlank() ? DEFAULT_GROUP_FILTER : groupFilter.strip();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (url != null && !url.isBlank()) {
            String scheme = URI.create(url.strip()).getScheme();
            if (!"ldap".equals(scheme) && !"ldaps".equals(scheme)) {
                throw new IllegalArgumentException("--ldap-url must be ldap://HOST:PORT or ldaps://HOST:PORT, got " + url);
            }
            if (userDn == null || !userDn.contains("{0}")) {
                throw new IllegalArgumentException("--ldap-user-dn is required with --ldap-url and must contain {0} for the "
                        + "user name, e.g. uid={0},ou=people,dc=example,dc=org");
            }
            if (groupBase == null || groupBase.isBlank()) {
                throw new IllegalArgumentException("--ldap-group-base is required with --ldap-url, e.g. ou=groups,dc=example,dc=org");
            }
            if (groupRoles.isEmpty()) {
                throw new IllegalArgumentException("--ldap-group-role is required with --ldap-url: which groups give which "
                        + "role, e.g. baton-admins=admin;baton-operators=operator");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("--ldap-timeout must be positive, got " + timeout);
            }
            if (startTls && "ldaps".equals(scheme)) {
                throw new IllegalArgumentException("--ldap-starttls is for ldap:// URLs; an ldaps:// connection is TLS "
                        + "from the start: drop one of them");
            }
            if (ca != null && !startTls && !"ldaps".equals(scheme)) {
                throw new IllegalArgumentException("--ldap-ca needs TLS: use an ldaps:// URL or add --ldap-starttls");
            }
        }
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** Whether the connection to the directory is encrypted: ldaps://, or ldap:// with StartTLS. */
    public boolean tls() {
        return enabled() && (startTls || url.strip().toLowerCase(java.util.Locale.ROOT).startsWith("ldaps:"));
    }
}
