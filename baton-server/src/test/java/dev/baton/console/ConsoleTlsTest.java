package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.DoorSettings;
import dev.baton.server.RawHttp;
import dev.baton.server.TestPki;
import dev.baton.server.TlsServers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console under TLS: same port as the APIs, and its cookies are {@code Secure}. */
class ConsoleTlsTest {

    @TempDir
    Path dir;

    @Test
    void theConsoleIsServedOverTheServersTlsWithSecureCookies() throws Exception {
        TestPki ca = TestPki.ca("Site CA");
        try (BatonServer server = TlsServers.start(dir, ca, DoorSettings.DEFAULTS)) {
            RawHttp https = new RawHttp(server.port(), ca.trustingContext());
            RawHttp.Response form = https.send("GET", "/login", Map.of());
            assertThat(form.status()).isEqualTo(200);
            String loginCookie = form.header("Set-Cookie");
            assertThat(loginCookie).startsWith("baton_login=").contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
            assertThat(csrf.find()).isTrue();
            String body = "csrf=" + csrf.group(1) + "&username=admin&password="
                    + URLEncoder.encode(TlsServers.ADMIN_PASSWORD, StandardCharsets.UTF_8);
            RawHttp.Response login = https.send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "Cookie", loginCookie.split(";", 2)[0]), body);
            assertThat(login.status()).isEqualTo(303);
            assertThat(login.body()).doesNotContain("error");
            RawHttp.Response api = https.send("GET", "/api/v3/no-such-thing", Map.of());
            assertThat(api.status()).isEqualTo(404);
            assertThat(api.body()).startsWith("{\"error\"");
        }
    }
}
