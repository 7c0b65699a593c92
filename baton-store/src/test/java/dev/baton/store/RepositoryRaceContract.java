package dev.baton.store;

import static dev.baton.store.RepositoriesContract.sha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.repository.Change;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryConflictException;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.rpm.Nevra;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;

/**
 * Repository versions under concurrent changes, and at size: N threads (several "servers", each with its own
 * service and store objects) changing one repository never lose a change nor reuse a number; a version of 10,000
 * packages changed by one package writes rows for that package only.
 */
public interface RepositoryRaceContract extends RepositoriesContract {

    /** Package rows straight into the table (10,000 registrations one by one would only test the same code slower). */
    default List<Long> insertPackages(String prefix, int n) {
        return database().writes().inTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO packages (nevra, name, epoch, version, release, arch, "
                    + "sha256, size, origin, created_at) VALUES (:nevra, :name, 0, '1.0', '1', 'noarch', :sha256, 1000, "
                    + "'UPLOADED', 0)");
            for (int i = 0; i < n; i++) {
                String nevra = prefix + i + "-1.0-1.noarch";
                batch.bind("nevra", nevra).bind("name", prefix + i).bind("sha256", sha(nevra)).add();
            }
            batch.execute();
            return h.createQuery("SELECT id FROM packages WHERE nevra LIKE :p ORDER BY id").bind("p", prefix + "%")
                    .mapTo(Long.class).list();
        });
    }

    @Test
    default void concurrentChangesOfOneRepositoryNeverLoseAChangeNorReuseANumber() {
        long seed = Long.getLong("baton.test.seed", System.nanoTime());
        int threads = 6;
        int changesPerThread = 12;
        repositories().create(new Repository("busy", "", null, false), "setup", "create");
        List<Long> ids = insertPackages("race", threads * 8);

        record Made(int number, Change change) {
        }
        List<List<Made>> made = Concurrently.run(threads, false, t -> {
            Repositories repos = repositories(); // a server of its own
            Random random = new Random(seed + t);
            List<Long> mine = ids.subList(t * 8, t * 8 + 8); // only this thread touches these: its view is exact
            SortedSet<Long> in = new TreeSet<>();
            List<Made> done = new ArrayList<>();
            for (int i = 0; i < changesPerThread; i++) {
                List<Long> out = mine.stream().filter(p -> !in.contains(p)).toList();
                List<Long> add = new ArrayList<>();
                List<Long> remove = new ArrayList<>();
                for (Long p : out) {
                    if (random.nextInt(3) == 0) {
                        add.add(p);
                    }
                }
                for (Long p : in) {
                    if (random.nextInt(3) == 0) {
                        remove.add(p);
                    }
                }
                if (add.isEmpty() && remove.isEmpty()) {
                    (out.isEmpty() ? remove : add).add((out.isEmpty() ? in.first() : out.getFirst()));
                }
                Change change = Change.of(add, remove);
                try {
                    RepositoryVersion v = repos.change("busy", change, "thread-" + t, "change " + i);
                    in.addAll(add);
                    in.removeAll(remove);
                    assertThat(v.packageIds()).as("seed %d", seed).containsAll(in);
                    done.add(new Made(v.number(), change));
                } catch (RepositoryConflictException e) {
                    // Given up after many lost races: reported and not applied, which the replay below checks.
                }
            }
            return done;
        });

        Map<Integer, Change> byNumber = new TreeMap<>();
        made.stream().flatMap(List::stream).forEach(m ->
                assertThat(byNumber.put(m.number(), m.change())).as("seed %d: number %d used twice", seed, m.number()).isNull());
        int latest = repositories().latest("busy").number();
        assertThat(byNumber.keySet()).as("seed %d: every version from 2 to %d made by exactly one change", seed, latest)
                .containsExactlyElementsOf(range(2, latest));
        assertThat(byNumber).as("seed %d: most changes got through", seed).hasSizeGreaterThan(threads * changesPerThread / 2);
        SortedSet<Long> replay = new TreeSet<>();
        for (var e : byNumber.entrySet()) {
            replay.addAll(e.getValue().add());
            replay.removeAll(e.getValue().remove());
            assertThat(repositories().version("busy", e.getKey()).packageIds())
                    .as("seed %d: version %d is every change up to it applied in order", seed, e.getKey()).isEqualTo(replay);
        }
        assertThat(repositories().versions("busy").getLast().packageCount()).isEqualTo(replay.size());
    }

    @Test
    default void theSameFileRegisteredAtOnceByManyIsOnePackageWithOneFirstEvent() {
        PackageRecord file = PackageRecord.mirrored(Nevra.parse("hello-1.0-1.noarch"), sha("hello"), 10, "upstream");
        List<PackageRecord> registered = Concurrently.run(6, false, t -> packages().register(file, PackageState.WAITING,
                "sync-" + t, "mirrored"));
        assertThat(registered).allSatisfy(r -> assertThat(r).isEqualTo(registered.getFirst()));
        assertThat(packages().history(Nevra.parse("hello-1.0-1.noarch")).events()).hasSize(1);

        PackageRecord original = registered.getFirst();
        List<PackageRecord> copies = Concurrently.run(6, false, t -> packages().register(
                PackageRecord.signedCopy(original, sha("signature " + t), 11, SITE_KEY_ID), PackageState.WAITING,
                "signer-" + t, "signed"));
        assertThat(copies).allSatisfy(c -> assertThat(c).isEqualTo(copies.getFirst()));
        assertThat(packages().files(Nevra.parse("hello-1.0-1.noarch"))).containsExactly(original, copies.getFirst());
    }

    @Test
    default void aSmallChangeOfALargeVersionWritesOnlyWhatChanged() {
        Repositories repos = repositories();
        repos.create(new Repository("big", "", null, false), "setup", "create");
        List<Long> ids = insertPackages("big", 10_001);
        List<Long> first = ids.subList(0, 10_000);
        repos.change("big", Change.of(first, List.of()), "sync", "10,000 packages");
        repos.change("big", Change.of(List.of(ids.getLast()), List.of(ids.getFirst())), "alice", "one in, one out");

        assertThat(memberRows("big")).as("a row per stay, not per package per version").isEqualTo(10_001);
        // (Sets compared whole: AssertJ's containsAll is quadratic.)
        assertThat(repos.version("big", 2).packageIds()).isEqualTo(new TreeSet<>(first));
        SortedSet<Long> v3 = repos.version("big", 3).packageIds();
        SortedSet<Long> expected = new TreeSet<>(ids.subList(1, 10_001));
        assertThat(v3).isEqualTo(expected);
        assertThat(repos.packages("big", 3)).hasSize(10_000).first().satisfies(p -> assertThat(p.id()).isEqualTo(ids.get(1)));
        assertThat(repos.rollback("big", 2, "alice", "undo").packageIds()).isEqualTo(repos.version("big", 2).packageIds());
        assertThat(memberRows("big")).isEqualTo(10_002);

        // Listing a version is one range scan of the covering index, here for a small repository beside the big one.
        repos.create(new Repository("small", "", null, false), "setup", "create");
        repos.change("small", Change.of(ids.subList(0, 3), List.of()), "alice", "three");
        String plan = listingPlan("small", 2);
        assertThat(plan).as(plan).contains("repository_members_version").doesNotContainIgnoringCase("seq scan")
                .doesNotContainPattern("SCAN repository_members(?! USING)");
    }

    /** The query plan of listing a version's packages, as the database explains it. */
    default String listingPlan(String repository, int number) {
        return database().jdbi().withHandle(h -> {
            long id = h.createQuery("SELECT id FROM repositories WHERE name = :name").bind("name", repository)
                    .mapTo(Long.class).one();
            boolean sqlite = database().dialect() == Dialect.SQLITE;
            h.execute(sqlite ? "ANALYZE" : "ANALYZE repository_members");
            return String.join("\n", h.createQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + SqlRepositoryStore.MEMBERS)
                    .bind("id", id).bind("number", number).map((rs, ctx) -> sqlite ? rs.getString("detail") : rs.getString(1)).list());
        });
    }

    default long memberRows(String repository) {
        return database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM repository_members m "
                + "JOIN repositories r ON r.id = m.repository_id WHERE r.name = :name").bind("name", repository)
                .mapTo(Long.class).one());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            r.add(i);
        }
        return Collections.unmodifiableList(r);
    }
}
