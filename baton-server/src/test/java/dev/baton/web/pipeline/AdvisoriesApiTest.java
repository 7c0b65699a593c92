package dev.baton.web.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.Frequency;
import dev.baton.notify.Rule;
import dev.baton.notify.Secret;
import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.AdvisoryAnnouncement;
import dev.baton.pipeline.advisory.AdvisoryOrigin;
import dev.baton.pipeline.advisory.AdvisoryPackage;
import dev.baton.pipeline.advisory.AdvisoryReference;
import dev.baton.pipeline.advisory.AdvisoryType;
import dev.baton.pipeline.advisory.Severity;
import dev.baton.pipeline.advisory.VersionAdvisories;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.server.AdvisorySettings;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v3/advisories} on a real server started with {@code --advisory-prefix TEST-SA}: ids handed out in order
 * and visible through the API, a taken id refused naming its holder, updates, filters, deriving from an upstream
 * advisory (refused naming every package without a site rebuild), CSAF import, permissions; and the announcement of
 * a production publication mailed once however often it is called.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdvisoriesApiTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private static final String PASSWORD = "advisories-test-admin-pw";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String YEAR = String.valueOf(Year.now(ZoneOffset.UTC).getValue());
    @TempDir
    static Path data;
    static BatonServer server;
    static BatonClient admin;
    static BatonClient viewer;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword(PASSWORD).withAdvisories(new AdvisorySettings("TEST-SA", "linux-team@example.org", null)));
        admin = client("admin", PASSWORD);
        JsonNode v = admin.createCredential("advisory-reader", "viewer", List.of());
        viewer = client(v.path("id").asText(), v.path("secret").asText());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BatonClient client(String id, String secret) {
        return new BatonClient(URI.create("http://127.0.0.1:" + server.port()), new BatonClient.Auth.Basic(id, secret), null);
    }

    static JsonNode call(BatonClient as, String method, String path, String body, int status) throws Exception {
        return as.call(method, "api/v3/" + path, body == null ? null : JSON.readTree(body), Duration.ofSeconds(30), status);
    }

    static String draft(String title, String... packages) throws Exception {
        ObjectNode d = JSON.createObjectNode().put("type", "security").put("severity", "Important").put("title", title)
                .put("summary", "s").put("reboot_suggested", true);
        d.putArray("cves").add("CVE-2026-0101");
        d.putArray("references").add("https://bugs.example.org/1");
        var p = d.putArray("packages");
        for (String n : packages) {
            p.add(n);
        }
        return JSON.writeValueAsString(d);
    }

    @Test
    void idsAreHandedOutInOrderWithTheConfiguredPrefixAndShownByTheApi() throws Exception {
        JsonNode first = call(admin, "POST", "advisories", draft("Important: hello update", "hello-1.1-1.noarch"), 201);
        JsonNode second = call(admin, "POST", "advisories", draft("Important: hello again", "hello-1.2-1.noarch"), 201);

        int n = Integer.parseInt(first.path("id").asText().substring(("TEST-SA:" + YEAR + ":").length()));
        assertThat(first.path("id").asText()).startsWith("TEST-SA:" + YEAR + ":");
        assertThat(second.path("id").asText()).isEqualTo(String.format("TEST-SA:%s:%04d", YEAR, n + 1));
        JsonNode shown = call(viewer, "GET", "advisories/" + first.path("id").asText(), null, 200);
        assertThat(shown.path("title").asText()).isEqualTo("Important: hello update");
        assertThat(shown.path("from").asText()).isEqualTo("linux-team@example.org");
        assertThat(shown.path("origin").asText()).isEqualTo("site");
        assertThat(shown.path("cves").get(0).asText()).isEqualTo("CVE-2026-0101");
        assertThat(shown.path("packages").get(0).path("nevra").asText()).isEqualTo("hello-1.1-1.noarch");
        assertThat(shown.path("packages").get(0).path("reboot_suggested").asBoolean()).isTrue();
        JsonNode audited = call(admin, "GET", "audit?action=advisory.create&target=" + first.path("id").asText(), null, 200);
        assertThat(audited.path("entries")).hasSize(1);
        assertThat(audited.path("entries").get(0).path("actor").asText()).isEqualTo("admin");
    }

    @Test
    void aTakenIdIsRefused409NamingTheAdvisoryThatHoldsIt() throws Exception {
        server.pipeline().advisories().recordUpstream(upstream("RHSA-2026:0300", "rhel9", "openssl-1:3.0.7-18.el9.x86_64"));
        Advisory site = server.pipeline().advisories().create(new dev.baton.pipeline.advisory.AdvisoryDraft("bugfix",
                null, "Held by the site", null, null, null, List.of(), List.of(), List.of("hello-3-1.noarch"), false), "t");

        // an upstream document with the id a site advisory holds
        String csaf = Files.readString(csafSample()).replace("RHSA-2026:0101", site.id());
        assertThatThrownBy(() -> call(admin, "POST", "advisories/import-csaf?remote=rhel9", csaf, 200))
                .isInstanceOfSatisfying(BatonClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains(site.id(), "'Held by the site'", "a site advisory");
                });
    }

    @Test
    void aSiteAdvisoryIsUpdatedAndAnUpstreamOneIsNot() throws Exception {
        String id = call(admin, "POST", "advisories", draft("Moderate: first words", "hello-2-1.noarch"), 201).path("id").asText();

        JsonNode changed = call(admin, "PUT", "advisories/" + id,
                draft("Moderate: better words", "hello-2-1.noarch", "hello-libs-2-1.noarch"), 200);

        assertThat(changed.path("title").asText()).isEqualTo("Moderate: better words");
        assertThat(changed.path("packages")).hasSize(2);
        assertThat(call(viewer, "GET", "advisories/" + id, null, 200).path("title").asText()).isEqualTo("Moderate: better words");
        server.pipeline().advisories().recordUpstream(upstream("RHBA-2026:0400", "rhel9", "bash-5.1-1.el9.x86_64"));
        assertThatThrownBy(() -> call(admin, "PUT", "advisories/RHBA-2026:0400", draft("x", "bash-5.1-1.el9.x86_64"), 200))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> call(viewer, "GET", "advisories/NOPE-1", null, 200))
                .isInstanceOfSatisfying(BatonClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("NOPE-1");
                });
    }

    @Test
    void theListFiltersByTypeSeverityAndOrigin() throws Exception {
        server.pipeline().advisories().recordUpstream(upstream("RHSA-2026:0500", "filter-remote", "zlib-1.2-1.el9.x86_64"));
        call(admin, "POST", "advisories", draft("Important: listed", "listed-1-1.noarch"), 201);

        JsonNode fromRemote = call(viewer, "GET", "advisories?origin=filter-remote", null, 200).path("advisories");
        assertThat(fromRemote).hasSize(1);
        assertThat(fromRemote.get(0).path("id").asText()).isEqualTo("RHSA-2026:0500");
        JsonNode site = call(viewer, "GET", "advisories?origin=site&type=security&severity=Important", null, 200).path("advisories");
        assertThat(site).isNotEmpty().allMatch(a -> a.path("origin").asText().equals("site")
                && a.path("severity").asText().equals("Important"));
        assertThat(call(viewer, "GET", "advisories?type=enhancement", null, 200).path("advisories")).isEmpty();
        assertThatThrownBy(() -> call(viewer, "GET", "advisories?severity=Severe", null, 200))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void deriveUsesTheSiteRebuildsAndRefusesNamingEveryPackageWithoutOne() throws Exception {
        server.pipeline().advisories().recordUpstream(upstream("RHSA-2026:0600", "rhel9",
                "curl-7.76.1-29.el9.x86_64", "libcurl-7.76.1-29.el9.x86_64"));
        register("curl-7.76.1-29.el9.site.x86_64", "c1");
        String body = "{\"upstream_id\":\"RHSA-2026:0600\",\"release_suffix\":\".site\"}";

        assertThatThrownBy(() -> call(admin, "POST", "advisories/derive", body, 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("libcurl-7.76.1-29.el9.x86_64").doesNotContain("curl-7.76.1-29.el9.x86_64,");
                });
        register("libcurl-7.76.1-29.el9.site.x86_64", "c2");
        JsonNode derived = call(admin, "POST", "advisories/derive", body, 201);

        assertThat(derived.path("id").asText()).startsWith("TEST-SA:");
        assertThat(derived.path("derived_from").asText()).isEqualTo("RHSA-2026:0600");
        assertThat(derived.path("packages").findValuesAsText("nevra"))
                .containsExactly("curl-7.76.1-29.el9.site.x86_64", "libcurl-7.76.1-29.el9.site.x86_64");
        assertThatThrownBy(() -> call(admin, "POST", "advisories/derive", body, 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.getMessage()).contains(derived.path("id").asText()));
    }

    @Test
    void aCsafDocumentIsRecordedAsUpstreamAndABadOneNamed() throws Exception {
        JsonNode imported = call(admin, "POST", "advisories/import-csaf", Files.readString(csafSample()), 200);

        assertThat(imported.path("id").asText()).isEqualTo("RHSA-2026:0101");
        assertThat(imported.path("origin").asText()).isEqualTo("upstream");
        assertThat(imported.path("remote").asText()).isEqualTo("csaf-import");
        assertThat(call(viewer, "GET", "advisories/RHSA-2026:0101", null, 200).path("packages")).isNotEmpty();
        assertThatThrownBy(() -> call(admin, "POST", "advisories/import-csaf", "{\"document\":{}}", 200))
                .isInstanceOfSatisfying(BatonClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("document.");
                });
    }

    @Test
    void aViewerReadsButMayNotChange() throws Exception {
        assertThatThrownBy(() -> call(viewer, "POST", "advisories", draft("t", "hello-1-1.noarch"), 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("manage");
                });
    }

    @Test
    void aProductionPublicationAnnouncesEachAdvisoryOnce() throws Exception {
        Channel mail = server.notifier().addChannel(new Channel(0, "security-mail", new ChannelConfig.Email("127.0.0.1",
                smtp.getSmtp().getPort(), false, null, Secret.NONE, "baton@example.com", List.of("security@example.com"))));
        server.notifier().addRule(new Rule(0, Set.of(AdvisoryAnnouncement.KIND), List.of("el9-production"), mail.id(),
                Frequency.IMMEDIATELY));
        String id = call(admin, "POST", "advisories", draft("Important: announced", "announced-1.1-1.noarch"), 201).path("id").asText();
        PackageRecord held = register("announced-1.1-1.noarch", "d1");
        VersionAdvisories published = server.pipeline().advisories().forVersion("el9-production", List.of(held));
        assertThat(published.advisories()).extracting(Advisory::id).contains(id);

        assertThat(server.pipeline().announcements().published(false, published)).isEmpty(); // not production
        assertThat(server.pipeline().announcements().published(true, published)).containsExactly(id);
        assertThat(server.pipeline().announcements().published(true, published)).isEmpty(); // a re-publish
        server.notifier().sendDue();

        var mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).contains("[el9-production] " + id);
        assertThat(GreenMailUtil.getBody(mails[0])).contains("announced-1.1-1.noarch", "dnf upgrade --advisory " + id);
    }

    private static PackageRecord register(String nevra, String digestSeed) {
        String sha = (digestSeed + "0".repeat(64)).substring(0, 64);
        return server.pipeline().packages().register(PackageRecord.uploaded(Nevra.parse(nevra), sha, 10),
                PackageState.UNSIGNED, "test", "built");
    }

    private static Advisory upstream(String id, String remote, String... nevras) {
        return new Advisory(id, AdvisoryType.SECURITY, Severity.IMPORTANT, "final", "Upstream " + id, null, null,
                Instant.parse("2026-01-10T12:00:00Z"), null, "secalert@redhat.com", List.of(AdvisoryReference.cve("CVE-2026-0600")),
                List.of(nevras).stream().map(n -> AdvisoryPackage.of(Nevra.parse(n))).toList(), AdvisoryOrigin.upstream(remote), null);
    }

    /** The CSAF sample of the pipeline's tests (a Red Hat RHSA as Red Hat publishes it). */
    static Path csafSample() {
        return Path.of("..", "baton-pipeline", "src", "test", "resources", "csaf", "rhsa-2026_0101.json");
    }
}
