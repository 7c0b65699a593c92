package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.AdvisoryDraft;
import dev.baton.pipeline.advisory.AdvisoryExistsException;
import dev.baton.pipeline.advisory.AdvisoryNotFoundException;
import dev.baton.pipeline.advisory.AdvisoryOrigin;
import dev.baton.pipeline.advisory.AdvisoryPackage;
import dev.baton.pipeline.advisory.AdvisoryReference;
import dev.baton.pipeline.advisory.AdvisoryType;
import dev.baton.pipeline.advisory.Severity;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Advisories (issue 15) on both stores: created by hand with the next id of the year, kept with their references
 * and packages, updated with a new date, derived from an upstream advisory with the site's rebuilds; a taken id
 * refused naming its holder; ids allocated by racing servers never repeat.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdvisoriesTest {

    static final InstantSource DEC_6 = InstantSource.fixed(Instant.parse("2026-12-06T10:00:00Z"));
    static final String FROM = "linux-team@example.org";

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            advisoriesAreNumberedKeptUpdatedAndDerived(db);
        }
    }

    @Test
    void onPostgres() throws Exception {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            advisoriesAreNumberedKeptUpdatedAndDerived(db);
        }
    }

    private void advisoriesAreNumberedKeptUpdatedAndDerived(Database db) {
        SqlAdvisoryStore store = new SqlAdvisoryStore(db);
        Advisories advisories = new Advisories(store, DEC_6, Advisories.DEFAULT_PREFIX, FROM);

        Advisory first = advisories.create(new AdvisoryDraft("security", "Important", "Important: hello security update",
                "A fix.", "Details.", null, List.of("CVE-2026-0001"), List.of(), List.of("hello-1.1-1.noarch"), false), "alice");
        Advisory second = advisories.create(new AdvisoryDraft("bugfix", null, "hello bug fix", null, null,
                "2026-03-01", List.of(), List.of(), List.of("hello-1:2.0-1.x86_64", "hello-libs-1:2.0-1.x86_64"), true), "alice");

        assertThat(first.id()).isEqualTo("SITE-SA:2026:0001");
        assertThat(second.id()).isEqualTo("SITE-SA:2026:0002");
        assertThat(advisories.get(first.id())).isEqualTo(first);
        assertThat(advisories.get(second.id())).isEqualTo(second);
        assertThat(second.packages()).extracting(p -> p.nevra().toString())
                .containsExactly("hello-1:2.0-1.x86_64", "hello-libs-1:2.0-1.x86_64");
        assertThat(second.packages().get(0).rebootSuggested()).isTrue();
        assertThat(second.severity()).isNull();
        assertThat(first.cves()).containsExactly("CVE-2026-0001");
        assertThat(first.from()).isEqualTo(FROM);
        assertThat(advisories.list()).extracting(Advisory::id).containsExactly(first.id(), second.id());

        Advisories later = new Advisories(store, InstantSource.fixed(Instant.parse("2026-12-07T09:00:00Z")),
                Advisories.DEFAULT_PREFIX, FROM);
        Advisory updated = later.update(first.id(), new AdvisoryDraft("security", "Critical", "Critical: hello security update",
                null, null, null, List.of("CVE-2026-0001", "CVE-2026-0002"), List.of(), List.of("hello-1.1-1.noarch"), false), "bob");
        assertThat(updated.issued()).isEqualTo(first.issued());
        assertThat(updated.updated()).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(advisories.get(first.id())).isEqualTo(updated);
        assertThat(advisories.get(first.id()).cves()).containsExactly("CVE-2026-0001", "CVE-2026-0002");

        // an upstream advisory, and a site advisory derived from it with the site's rebuilds
        Advisory rhsa = new Advisory("RHSA-2026:0101", AdvisoryType.SECURITY, Severity.MODERATE, "final",
                "Moderate: openssl security update", "s", "d", Instant.parse("2026-11-01T00:00:00Z"), null, "secalert@redhat.com",
                List.of(new AdvisoryReference("https://access.redhat.com/errata/RHSA-2026:0101", "RHSA-2026:0101",
                        AdvisoryReference.Type.SELF, "RHSA-2026:0101"), AdvisoryReference.cve("CVE-2026-0101"),
                        new AdvisoryReference("https://bugzilla.redhat.com/1", "1", AdvisoryReference.Type.BUGZILLA, "bz")),
                List.of(AdvisoryPackage.of(Nevra.parse("openssl-1:3.0.7-18.el9.x86_64"))), AdvisoryOrigin.upstream("rhel9"), null);
        advisories.recordUpstream(rhsa);
        assertThat(advisories.get("RHSA-2026:0101")).isEqualTo(rhsa);
        Advisory derived = advisories.derive(rhsa, n -> Optional.of(new AdvisoryPackage(Advisories.siteRelease(n, ".site"),
                null, "ab".repeat(32), false)), "alice");
        assertThat(derived.id()).isEqualTo("SITE-SA:2026:0003");
        assertThat(derived.derivedFrom()).isEqualTo("RHSA-2026:0101");
        assertThat(derived.packages()).extracting(p -> p.nevra().toString()).containsExactly("openssl-1:3.0.7-18.el9.site.x86_64");
        assertThat(derived.references()).extracting(AdvisoryReference::id).containsExactly("RHSA-2026:0101", "CVE-2026-0101");
        assertThat(advisories.get(derived.id())).isEqualTo(derived);
        assertThatThrownBy(() -> advisories.derive(rhsa, n -> Optional.of(AdvisoryPackage.of(n)), "alice"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("SITE-SA:2026:0003 was derived from RHSA-2026:0101");

        // an id names one advisory: a second one with it is refused naming the holder
        assertThatThrownBy(() -> advisories.recordUpstream(new Advisory(first.id(), AdvisoryType.BUGFIX, null, null, "x", null,
                null, Instant.parse("2026-11-01T00:00:00Z"), null, null, null, List.of(), AdvisoryOrigin.upstream("rhel9"), null)))
                .isInstanceOf(AdvisoryExistsException.class)
                .hasMessageContaining("SITE-SA:2026:0001 is taken by 'Critical: hello security update' (a site advisory");
        assertThat(store.insert(derived.withId("RHSA-2026:0101"))).isFalse();
        assertThat(advisories.get("RHSA-2026:0101")).isEqualTo(rhsa);
        assertThatThrownBy(() -> advisories.get("SITE-SA:2026:0099")).isInstanceOf(AdvisoryNotFoundException.class);
        assertThatThrownBy(() -> advisories.update("RHSA-2026:0101", new AdvisoryDraft("security", "Low", "t", null, null,
                null, null, null, List.of("a-1-1.noarch"), false), "bob")).hasMessageContaining("upstream advisory from remote rhel9");

        // another prefix and another year have their own sequences
        Advisories other = new Advisories(store, DEC_6, "ACME-SA", FROM);
        assertThat(other.create(draft("a-1-1.noarch"), "alice").id()).isEqualTo("ACME-SA:2026:0001");
        assertThat(advisories.create(new AdvisoryDraft("bugfix", null, "old", null, null, "2025-12-31 23:00:00", null, null,
                List.of("a-1-1.noarch"), false), "alice").id()).isEqualTo("SITE-SA:2025:0001");
    }

    @Test
    void badFieldsAreRefusedNamingTheFieldAndNothingIsStored() {
        try (Database db = Database.embedded(temp.resolve("bad"), false)) {
            Advisories advisories = new Advisories(new SqlAdvisoryStore(db), DEC_6, Advisories.DEFAULT_PREFIX, FROM);
            refused(advisories, new AdvisoryDraft("securty", "Important", "t", null, null, null, null, null, List.of("a-1-1.noarch"), false),
                    "advisory type must be one of security, bugfix, enhancement, newpackage, got 'securty'");
            refused(advisories, new AdvisoryDraft("security", "Severe", "t", null, null, null, null, null, List.of("a-1-1.noarch"), false),
                    "advisory severity must be one of Critical, Important, Moderate, Low (or none), got 'Severe'");
            refused(advisories, new AdvisoryDraft("security", "Low", "t", null, null, "10/01/2026", null, null, List.of("a-1-1.noarch"), false),
                    "advisory issued date '10/01/2026' is not a date");
            refused(advisories, new AdvisoryDraft("security", "Low", "t", null, null, "2027-06-01", null, null, List.of("a-1-1.noarch"), false),
                    "advisory issued date 2027-06-01 is in the future");
            refused(advisories, new AdvisoryDraft("security", "Low", "t", null, null, null, null, null, List.of("hello"), false),
                    "advisory package: not a package NEVRA");
            refused(advisories, new AdvisoryDraft("security", "Low", "t", null, null, null, null, null, List.of(), false),
                    "advisory packages are missing");
            refused(advisories, new AdvisoryDraft("security", "Low", " ", null, null, null, null, null, List.of("a-1-1.noarch"), false),
                    "advisory title is missing");
            refused(advisories, new AdvisoryDraft("security", "Low", "t", null, null, null, List.of("CVE-26-1"), null, List.of("a-1-1.noarch"), false),
                    "advisory cve 'CVE-26-1' is not a CVE id");
            assertThat(advisories.list()).isEmpty();
            assertThatThrownBy(() -> new Advisories(new SqlAdvisoryStore(db), DEC_6, "site sa", FROM))
                    .hasMessageContaining("prefix must be upper-case letters");
        }
    }

    @Test
    void derivingRefusesPackagesWithoutASiteRebuildNamingThem() {
        try (Database db = Database.embedded(temp.resolve("derive"), false)) {
            Advisories advisories = new Advisories(new SqlAdvisoryStore(db), DEC_6, Advisories.DEFAULT_PREFIX, FROM);
            Advisory rhsa = new Advisory("RHSA-2026:0202", AdvisoryType.SECURITY, Severity.LOW, null, "Low: x", null, null,
                    Instant.parse("2026-11-01T00:00:00Z"), null, null, List.of(), List.of(
                            AdvisoryPackage.of(Nevra.parse("x-1.0-2.el9.noarch")), AdvisoryPackage.of(Nevra.parse("x-libs-1.0-2.el9.noarch")),
                            AdvisoryPackage.of(Nevra.parse("x-devel-1.0-2.el9.noarch"))), AdvisoryOrigin.upstream("rhel9"), null);
            Set<Nevra> rebuilt = Set.of(Nevra.parse("x-1.0-2.el9.site.noarch"));
            assertThatThrownBy(() -> advisories.derive(rhsa, n -> {
                Nevra site = Advisories.siteRelease(n, ".site");
                return rebuilt.contains(site) ? Optional.of(AdvisoryPackage.of(site)) : Optional.empty();
            }, "alice")).isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("no site rebuild of x-libs-1.0-2.el9.noarch, x-devel-1.0-2.el9.noarch");
            assertThat(advisories.list()).isEmpty();
        }
    }

    /** Several servers on one database, creating at random moments: every id is handed out once, numbered 1..n. */
    @Test
    void racingServersOnOnePostgresNeverHandOutTheSameId() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        List<Database> servers = List.of(Database.postgres(url), Database.postgres(url));
        try {
            raceAndCheck(servers);
        } finally {
            servers.forEach(Database::close);
        }
    }

    @Test
    void racingCallersOnTheEmbeddedStoreNeverHandOutTheSameId() {
        try (Database db = Database.embedded(temp.resolve("race"), false)) {
            raceAndCheck(List.of(db, db));
        }
    }

    private static void raceAndCheck(List<Database> servers) {
        long seed = new Random().nextLong();
        int callers = 8;
        int each = 10;
        List<List<String>> ids = Concurrently.run(callers, false, i -> {
            Random random = new Random(seed + i);
            Advisories advisories = new Advisories(new SqlAdvisoryStore(servers.get(i % servers.size())), DEC_6,
                    Advisories.DEFAULT_PREFIX, FROM);
            List<String> mine = new ArrayList<>();
            for (int n = 0; n < each; n++) {
                if (random.nextInt(3) == 0) {
                    Thread.yield();
                }
                mine.add(advisories.create(draft("p" + i + "-1-" + n + ".noarch"), "caller-" + i).id());
            }
            return mine;
        });
        Set<String> all = new HashSet<>();
        ids.forEach(all::addAll);
        Set<String> expected = new HashSet<>();
        for (int n = 1; n <= callers * each; n++) {
            expected.add(String.format("SITE-SA:2026:%04d", n));
        }
        assertThat(all).as("seed %d", seed).isEqualTo(expected);
        assertThat(new SqlAdvisoryStore(servers.get(0)).list()).as("seed %d", seed).hasSize(callers * each);
    }

    private static AdvisoryDraft draft(String nevra) {
        return new AdvisoryDraft("bugfix", null, "a fix", null, null, null, null, null, List.of(nevra), false);
    }

    private static void refused(Advisories advisories, AdvisoryDraft draft, String message) {
        assertThatThrownBy(() -> advisories.create(draft, "alice")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message);
    }
}
