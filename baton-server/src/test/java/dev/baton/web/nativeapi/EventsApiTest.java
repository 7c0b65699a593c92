package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.LockService;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet-wide history through {@code GET /api/v3/events}: filters, keyset pages, the CSV export and bad input. */
class EventsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private record Answer(int status, String type, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static Answer get(URI base, String pathAndQuery) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("admin:test-password-1".getBytes(StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        }
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.path("events").forEach(e -> ids.add(e.path("id").asLong()));
        return ids;
    }

    @Test
    void filtersPagesAndTheCsvExportOfTheWholeFilteredRange() throws Exception {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("test-password-1"))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            LockService locks = server.locks().service();
            server.locks().policy().setSlots("db", 10, "ops");
            for (int i = 0; i < 7; i++) {
                locks.acquire(AcquireRequest.now("db", "web-" + i, "web-" + i, i % 2 == 0 ? Protocol.FOREMAN : Protocol.NATIVE));
            }
            locks.forceRelease("db", "web-3", "carol", "stuck, said \"reboot\"\nthen hung");
            locks.acquire(AcquireRequest.now("other", "web-3", "web-3", Protocol.FLEETLOCK));

            JsonNode web3 = get(base, "/api/v3/events?holder=web-3&limit=2").json();
            assertThat(web3.path("events")).hasSize(2);
            assertThat(web3.path("events").get(0).path("lock").asText()).isEqualTo("other");
            JsonNode rest = get(base, "/api/v3/events?holder=web-3&limit=2&before=" + web3.path("next_before").asLong()).json();
            assertThat(rest.path("events")).hasSize(1);
            assertThat(rest.path("events").get(0).path("type").asText()).isEqualTo("acquire");
            assertThat(rest.path("next_before").isNull()).isTrue();

            JsonNode forced = get(base, "/api/v3/events?type=force_release,freeze&lock=db").json();
            assertThat(forced.path("events")).hasSize(1);
            assertThat(forced.path("events").get(0).path("actor").asText()).isEqualTo("carol");
            assertThat(ids(get(base, "/api/v3/events?type=force_release&type=create").json())).hasSize(3);
            assertThat(ids(get(base, "/api/v3/events?protocol=foreman&type=acquire").json())).hasSize(4);
            assertThat(ids(get(base, "/api/v3/locks/db/events?protocol=native&type=acquire").json())).hasSize(3);
            assertThat(ids(get(base, "/api/v3/events?from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z").json())).isEmpty();
            assertThat(ids(get(base, "/api/v3/events?from=2000-01-01T00:00:00Z").json())).hasSize(11);

            // The export is every matching event, past any page size, properly quoted.
            Answer csv = get(base, "/api/v3/events?format=csv&limit=1");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.type()).startsWith("text/csv");
            List<String> rows = csvRows(csv.body());
            assertThat(rows).hasSize(12);
            assertThat(rows.getFirst()).isEqualTo("id,at,lock,type,holder,actor,protocol,reason");
            assertThat(rows).anySatisfy(row -> assertThat(row)
                    .contains(",db,force_release,web-3,carol,native,\"stuck, said \"\"reboot\"\"\nthen hung\""));
            assertThat(csvRows(get(base, "/api/v3/events?format=csv&holder=web-3").body())).hasSize(4);
            assertThat(csvRows(get(base, "/api/v3/locks/db/events?format=csv&type=acquire").body())).hasSize(8);
        }
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() throws Exception {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("test-password-1"))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            for (String[] bad : new String[][] {
                {"/api/v3/events?type=grant", "'type'"},
                {"/api/v3/events?protocol=smtp", "'protocol'"},
                {"/api/v3/events?from=yesterday", "'from'"},
                {"/api/v3/events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "'from'"},
                {"/api/v3/events?limit=5000", "limit"},
                {"/api/v3/events?before=x", "'before'"},
                {"/api/v3/events?format=xml", "'format'"},
                {"/api/v3/events?lock=bad/name", "lock"}}) {
                Answer a = get(base, bad[0]);
                assertThat(a.status()).as(bad[0]).isEqualTo(400);
                assertThat(a.json().path("error").path("message").asText()).as(bad[0]).contains(bad[1]);
            }
            assertThat(get(base, "/api/v3/locks/nosuch/events").status()).isEqualTo(404);
            assertThat(get(base, "/api/v3/locks/nosuch/events?format=csv").status()).isEqualTo(404);
        }
    }

    /** CSV records (a quoted field may hold a line break), the header first. */
    private static List<String> csvRows(String body) {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                rows.add(row.toString());
                row.setLength(0);
                i++;
                continue;
            }
            row.append(c);
        }
        assertThat(row).as("the last row ends with CRLF").isEmpty();
        return rows;
    }
}
