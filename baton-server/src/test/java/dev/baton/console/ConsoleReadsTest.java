package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.console.ConsoleHttpTest.Script;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's lists and history on the read models, over HTTP: hosts and locks paged by cursor to the last page
 * of many, searched and filtered (host state, lock property); the history filtered in the store and paged to its
 * oldest event; the export streaming the whole filtered range, past what one page or the old 10,000-event cap held;
 * a host's check-ins per protocol.
 */
class ConsoleReadsTest {

    static final String PASSWORD = "admin-password-1";
    /** Acquire and release pairs on the lock "hist": two events each, plus its creation. */
    static final int PAIRS = 5_100;
    @TempDir
    static Path data;
    static BatonServer server;
    static String base;
    static Script admin;

    @BeforeAll
    static void start() throws Exception {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD));
        base = "http://127.0.0.1:" + server.port();
        for (int i = 0; i < 230; i++) {
            server.hosts().add(String.format("web-%03d.example.com", i), List.of());
        }
        for (int i = 0; i < 20; i++) {
            server.hosts().add(String.format("db-%02d.example.com", i), List.of("db" + i));
        }
        server.progress().record("db-03.example.com", "r1", "update", "20-dnf-upgrade", "failed", 3, "dnf failed", null);
        server.hosts().checkIn("web-001.example.com", "foreman");
        server.hosts().checkIn("web-001.example.com", "fleetlock");
        for (int i = 0; i < 120; i++) {
            server.locks().policy().setSlots(String.format("lock-%03d", i), 2, "test");
        }
        for (String lock : List.of("lock-007", "lock-050", "lock-099")) {
            acquire(lock, "web-001.example.com");
        }
        acquire("lock-050", "web-002.example.com");
        server.locks().policy().setSlots("hist", 1, "test");
        for (int i = 0; i < PAIRS; i++) {
            acquire("hist", "h" + (i % 7));
            server.locks().service().release("hist", "h" + (i % 7), "test", Protocol.NATIVE, false);
        }
        server.fleetHosts().refresh();
        admin = new Script(base).logIn("admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void acquire(String lock, String holder) {
        assertThat(server.locks().service().acquire(new AcquireRequest(lock, holder, "test", Protocol.NATIVE, Duration.ZERO, true))
                .granted()).isTrue();
    }

    /** Follows the "next" links from {@code path} to the last page; every row's link that matches {@code row}. */
    static List<List<String>> pages(String path, String row) throws Exception {
        List<List<String>> pages = new ArrayList<>();
        String next = path;
        while (next != null) {
            admin.get(next);
            assertThat(admin.last.statusCode()).as(next).isEqualTo(200);
            pages.add(all(admin.last.body(), row));
            Matcher m = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"").matcher(admin.last.body());
            next = m.find() ? m.group(1).replace("&amp;", "&") : null;
        }
        return pages;
    }

    static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static final String HOST_ROW = "<td><a href=\"/hosts/([^\"]+)\">";
    static final String LOCK_ROW = "<td><a href=\"/locks/([^\"]+)\">";

    @Test
    void hostsArePagedByCursorToTheLastPageAndSearchedAndFilteredByState() throws Exception {
        List<List<String>> pages = pages("/hosts", HOST_ROW);
        assertThat(pages).hasSize(5).allMatch(p -> p.size() <= Reads.PAGE_SIZE);
        List<String> names = pages.stream().flatMap(List::stream).toList();
        assertThat(names).hasSize(250).doesNotHaveDuplicates().isSorted();
        assertThat(names.getLast()).isEqualTo("web-229.example.com");

        admin.get("/hosts?q=DB1");
        assertThat(all(admin.last.body(), HOST_ROW)).as("the search matches aliases, ignoring case")
                .containsExactly("db-01.example.com", "db-10.example.com", "db-11.example.com", "db-12.example.com",
                        "db-13.example.com", "db-14.example.com", "db-15.example.com", "db-16.example.com", "db-17.example.com",
                        "db-18.example.com", "db-19.example.com");
        admin.get("/hosts?state=failed");
        assertThat(all(admin.last.body(), HOST_ROW)).containsExactly("db-03.example.com");
        admin.get("/hosts?state=updating&sort=state");
        assertThat(all(admin.last.body(), HOST_ROW)).containsExactly("web-001.example.com", "web-002.example.com");
        assertThat(admin.last.body()).contains("2 shown of 2 matching");
        admin.get("/hosts?sort=seen");
        assertThat(all(admin.last.body(), HOST_ROW).getFirst()).as("the newest check-in first").isEqualTo("web-001.example.com");

        admin.get("/hosts?state=asleep");
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(admin.last.body()).contains("unknown host state 'asleep'");
        admin.get("/hosts?after=not-a-cursor");
        assertThat(admin.last.statusCode()).isEqualTo(400);

        admin.get("/");
        assertThat(admin.last.body()).contains("href=\"/hosts?state=failed\"><span class=\"count\">1</span>")
                .contains("href=\"/hosts?state=updating\"><span class=\"count\">2</span>");
    }

    @Test
    void locksArePagedByCursorAndFilteredByWhatTheyAre() throws Exception {
        List<String> names = pages("/locks", LOCK_ROW).stream().flatMap(List::stream).toList();
        assertThat(names).hasSize(121).doesNotHaveDuplicates().isSorted().contains("hist", "lock-119");
        admin.get("/locks?only=held&sort=held");
        assertThat(all(admin.last.body(), LOCK_ROW)).containsExactly("lock-050", "lock-007", "lock-099");
        admin.get("/locks?q=LOCK-11");
        assertThat(all(admin.last.body(), LOCK_ROW)).hasSize(10).allMatch(n -> n.startsWith("lock-11"));
        admin.get("/locks?only=sleepy");
        assertThat(admin.last.statusCode()).isEqualTo(400);
    }

    @Test
    void theHistoryIsFilteredInTheStoreAndPagedToItsOldestEvent() throws Exception {
        // h3's acquires: PAIRS / 7 of them (and one more for the remainder), 50 a page.
        int h3 = PAIRS / 7 + (PAIRS % 7 > 3 ? 1 : 0);
        List<List<String>> pages = pages("/history?lock=hist&type=acquire&holder=h3", "<tr class=\"ev-(\\w+)\">");
        assertThat(pages.stream().mapToInt(List::size).sum()).isEqualTo(h3);
        assertThat(pages).hasSize((h3 + Reads.HISTORY_PAGE - 1) / Reads.HISTORY_PAGE);
        assertThat(pages.stream().flatMap(List::stream)).allMatch("acquire"::equals);

        // Deep in the lock's own history, its page still answers at once.
        admin.get("/locks/hist?before=5000");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        assertThat(all(admin.last.body(), "<tr class=\"ev-(\\w+)\">").size()).isGreaterThanOrEqualTo(Reads.HISTORY_PAGE);

        admin.get("/history?type=teleport");
        assertThat(admin.last.statusCode()).isEqualTo(400);
        admin.get("/history?from=2026-13-01");
        assertThat(admin.last.statusCode()).isEqualTo(400);
    }

    @Test
    void anExportStreamsTheWholeFilteredRangeNotOnePage() throws Exception {
        admin.get("/history/export?lock=hist&format=csv");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        String[] lines = admin.last.body().split("\r\n");
        assertThat(lines.length - 1).as("events exported, past the old cap of 10,000").isEqualTo(2 * PAIRS + 1);
        assertThat(lines[lines.length - 1]).contains(",hist,create,");

        admin.get("/history/export?lock=hist&type=release&holder=h0&format=json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(admin.last.body());
        assertThat(json.path("events").size()).isEqualTo(PAIRS / 7 + (PAIRS % 7 > 0 ? 1 : 0));
        assertThat(json.path("events").get(0).path("type").asText()).isEqualTo("release");

        admin.get("/history/export?lock=hist&type=teleport&format=csv");
        assertThat(admin.last.statusCode()).isEqualTo(400);
    }

    @Test
    void aHostPageShowsItsCheckInsPerProtocolAndItsLocks() throws Exception {
        admin.get("/hosts/web-001.example.com");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        assertThat(admin.last.body()).contains("data-protocol=\"foreman\"").contains("data-protocol=\"fleetlock\"")
                .contains("href=\"/locks/lock-007\"").contains("<span class=\"state st-updating\">");
        admin.get("/hosts/db7");
        assertThat(admin.last.statusCode()).as("found by its alias").isEqualTo(200);
        assertThat(admin.last.body()).contains("Host db-07.example.com");
    }
}
