package dev.baton.server.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.auth.DirectoryUnavailableException;
import dev.baton.server.TestPki;
import dev.baton.server.Tls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in against a real {@code slapd} over TLS: ldaps:// and StartTLS with the site's CA ({@code --ldap-ca}); a
 * directory whose certificate another CA signed is refused before the password is sent, with a message that says why.
 * The directory's certificate is made by the test ({@link TestPki}: CN=localhost, names localhost and 127.0.0.1).
 */
class LdapTlsTest {

    private static final String PEOPLE = "ou=people," + Slapd.SUFFIX;
    private static final String GROUPS = "ou=groups," + Slapd.SUFFIX;

    @TempDir
    static Path temp;
    static Slapd slapd;
    static Path siteCa;
    static Path otherCa;

    @BeforeAll
    static void start() throws Exception {
        TestPki site = TestPki.ca("baton test site CA");
        Path[] certAndKey = site.server().write(temp.resolve("slapd-tls"), false);
        siteCa = site.writeCert(temp.resolve("site-ca.pem"));
        otherCa = TestPki.ca("some other CA").writeCert(temp.resolve("other-ca.pem"));
        slapd = new Slapd(temp.resolve("slapd"), ldif(), certAndKey[0], certAndKey[1]);
    }

    @AfterAll
    static void stop() {
        if (slapd != null) {
            slapd.close();
        }
    }

    private static String ldif() {
        return "dn: " + Slapd.SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\no: baton\ndc: baton\n\n"
                + "dn: " + PEOPLE + "\nobjectClass: organizationalUnit\nou: people\n\n"
                + "dn: " + GROUPS + "\nobjectClass: organizationalUnit\nou: groups\n\n"
                + "dn: uid=tina," + PEOPLE + "\nobjectClass: inetOrgPerson\nuid: tina\ncn: tina\nsn: tina\nuserPassword: tina-secret\n\n"
                + "dn: cn=baton-ops," + GROUPS + "\nobjectClass: groupOfNames\ncn: baton-ops\nmember: uid=tina," + PEOPLE + "\n\n";
    }

    private static LdapDirectory directory(String url, Path ca, boolean startTls) {
        LdapSettings settings = new LdapSettings(url, "uid={0}," + PEOPLE, GROUPS, null, List.of("baton-ops=operator"),
                Duration.ofSeconds(5), ca, startTls);
        return new LdapDirectory(settings, ca == null ? null : Tls.trusting(ca, "--ldap-ca"));
    }

    @Test
    void ldapsWithTheSitesCaSignsIn() {
        Optional<Set<String>> groups = directory(slapd.tlsUrl(), siteCa, false).authenticate("tina", "tina-secret");
        assertThat(groups).hasValueSatisfying(g -> assertThat(g).contains("baton-ops"));
        assertThat(directory(slapd.tlsUrl(), siteCa, false).authenticate("tina", "wrong")).isEmpty();
    }

    @Test
    void startTlsWithTheSitesCaSignsIn() {
        Optional<Set<String>> groups = directory(slapd.url(), siteCa, true).authenticate("tina", "tina-secret");
        assertThat(groups).hasValueSatisfying(g -> assertThat(g).contains("baton-ops"));
    }

    @Test
    void aDirectoryWhoseCertificateAnotherCaSignedIsRefusedWithAClearMessage() {
        for (LdapDirectory wrong : List.of(directory(slapd.tlsUrl(), otherCa, false), directory(slapd.url(), otherCa, true))) {
            assertThatThrownBy(() -> wrong.authenticate("tina", "tina-secret"))
                    .as(wrong.describe())
                    .isInstanceOf(DirectoryUnavailableException.class)
                    .hasMessageContaining("TLS certificate")
                    .hasMessageContaining("--ldap-ca " + otherCa)
                    .hasMessageContaining("nothing was sent")
                    .hasMessageNotContaining("tina-secret");
        }
        assertThatThrownBy(() -> directory(slapd.tlsUrl(), null, false).authenticate("tina", "tina-secret"))
                .as("without --ldap-ca: the JDK's CAs, which do not know the site's")
                .isInstanceOf(DirectoryUnavailableException.class).hasMessageContaining("no CA this JDK trusts");
    }

    @Test
    void tlsOptionsThatCannotWorkAreRefusedAtStart() throws Exception {
        assertThatThrownBy(() -> directory(slapd.tlsUrl(), siteCa, true)).hasMessageContaining("--ldap-starttls is for ldap://");
        assertThatThrownBy(() -> directory(slapd.url(), siteCa, false)).hasMessageContaining("--ldap-ca needs TLS");
        Path notPem = Files.writeString(temp.resolve("not-a-ca.pem"), "hello");
        assertThatThrownBy(() -> Tls.trusting(notPem, "--ldap-ca")).hasMessageContaining("--ldap-ca " + notPem);
        assertThatThrownBy(() -> Tls.trusting(temp.resolve("missing.pem"), "--ldap-ca")).hasMessageContaining("cannot read --ldap-ca");
    }
}
