package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.repository.Change;
import dev.baton.pipeline.repository.ChangeRefusedException;
import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageNotFoundException;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Registered;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryConflictException;
import dev.baton.pipeline.repository.RepositoryNotFoundException;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.repository.StateChange;
import dev.baton.pipeline.repository.VersionDiff;
import dev.baton.pipeline.repository.VersionSummary;
import dev.baton.pipeline.rpm.Nevra;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Repositories, versions and package states on a store ({@link SqliteRepositoriesTest}, {@link PostgresRepositoriesTest}):
 * every change a new numbered version with who and why, diff, rollback, what a repository admits, package files by
 * digest with their signed copies, and every state change an event.
 */
public interface RepositoriesContract {

    String SITE_KEY_ID = "0123456789ABCDEF";
    String OTHER_KEY_ID = "FEDCBA9876543210";

    Database database();

    TestClock clock();

    default Packages packages() {
        return new Packages(new SqlPackageStore(database()), clock());
    }

    default Repositories repositories() {
        Map<String, String> keys = Map.of("site", SITE_KEY_ID, "other", OTHER_KEY_ID);
        return new Repositories(new SqlRepositoryStore(database()), new SqlPackageStore(database()),
                name -> Optional.ofNullable(keys.get(name)), clock());
    }

    static String sha(String seed) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    default PackageRecord uploaded(String nevra) {
        return packages().register(PackageRecord.uploaded(Nevra.parse(nevra), sha(nevra), 1000), PackageState.UNSIGNED, "builder",
                "built");
    }

    default PackageRecord signed(PackageRecord original, String keyId) {
        return packages().register(PackageRecord.signedCopy(original, sha(original.sha256() + keyId), 1100, keyId),
                PackageState.WAITING, "signer", "signed with " + keyId);
    }

    @Test
    default void aRepositoryStartsAtAnEmptyVersionOneAndEveryChangeIsTheNextVersionWithWhoAndWhy() {
        Repositories repos = repositories();
        repos.create(new Repository("el-testing", "testing", null, false), "alice", "new testing repository");
        PackageRecord a = uploaded("a-1.0-1.noarch");
        PackageRecord b = uploaded("b-1.0-1.noarch");

        RepositoryVersion v1 = repos.latest("el-testing");
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v1.packageIds()).isEmpty();
        assertThat(v1.actor()).isEqualTo("alice");
        assertThat(v1.reason()).isEqualTo("new testing repository");

        clock().advance(java.time.Duration.ofMinutes(1));
        RepositoryVersion v2 = repos.change("el-testing", Change.adding(a.id(), b.id()), "bob", "first packages");
        assertThat(v2.number()).isEqualTo(2);
        assertThat(v2.packageIds()).containsExactly(a.id(), b.id());
        assertThat(repos.version("el-testing", 2)).isEqualTo(v2);
        assertThat(v2.createdAt()).isEqualTo(clock().instant());

        RepositoryVersion v3 = repos.change("el-testing", Change.removing(a.id()), "carol", "a is broken");
        assertThat(v3.number()).isEqualTo(3);
        assertThat(repos.version("el-testing", 3).packageIds()).containsExactly(b.id());
        assertThat(repos.version("el-testing", 2).packageIds()).as("versions never change").containsExactly(a.id(), b.id());
        assertThat(repos.packages("el-testing", 3)).containsExactly(b);
        assertThat(repos.versions("el-testing")).extracting(VersionSummary::number, VersionSummary::actor,
                        VersionSummary::reason, VersionSummary::packageCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "alice", "new testing repository", 0),
                        org.assertj.core.groups.Tuple.tuple(2, "bob", "first packages", 2),
                        org.assertj.core.groups.Tuple.tuple(3, "carol", "a is broken", 1));
        assertThat(repos.list()).extracting(Repository::name).containsExactly("el-testing");
    }

    @Test
    default void diffComparesTwoVersionsAndRollbackMakesANewVersionEqualToAnOldOne() {
        Repositories repos = repositories();
        repos.create(new Repository("r", "", null, false), "alice", "create");
        PackageRecord a = uploaded("a-1.0-1.noarch");
        PackageRecord b = uploaded("b-1.0-1.noarch");
        PackageRecord c = uploaded("c-1.0-1.noarch");
        repos.change("r", Change.adding(a.id(), b.id()), "alice", "v2");
        repos.change("r", Change.of(List.of(c.id()), List.of(a.id())), "alice", "v3");

        VersionDiff diff = repos.diff("r", 2, 3);
        assertThat(diff.added()).containsExactly(c);
        assertThat(diff.removed()).containsExactly(a);
        assertThat(repos.diff("r", 3, 2).added()).containsExactly(a);

        RepositoryVersion v4 = repos.rollback("r", 2, "bob", "c broke the fleet");
        assertThat(v4.number()).isEqualTo(4);
        assertThat(v4.packageIds()).containsExactly(a.id(), b.id());
        assertThat(v4.reason()).isEqualTo("rollback to version 2: c broke the fleet");
        assertThat(repos.version("r", 4)).isEqualTo(v4);
        assertThat(repos.version("r", 3).packageIds()).containsExactly(b.id(), c.id());
        assertThat(repos.diff("r", 2, 4).added()).isEmpty();
        assertThat(repos.diff("r", 2, 4).removed()).isEmpty();

        RepositoryVersion v5 = repos.rollback("r", 1, "bob", "empty it");
        assertThat(v5.packageIds()).isEmpty();
        assertThat(repos.version("r", 5).packageIds()).isEmpty();
        RepositoryVersion v6 = repos.rollback("r", 3, "bob", "back to 3");
        assertThat(repos.version("r", 6).packageIds()).containsExactly(b.id(), c.id());
        assertThat(v6.number()).isEqualTo(6);
    }

    @Test
    default void badChangesAreRefusedClearlyAndChangeNothing() {
        Repositories repos = repositories();
        repos.create(new Repository("r", "", null, false), "alice", "create");
        PackageRecord a = uploaded("a-1.0-1.noarch");
        repos.change("r", Change.adding(a.id()), "alice", "add a");

        assertThatThrownBy(() -> repos.create(new Repository("r", "", null, false), "alice", "again"))
                .isInstanceOf(RepositoryConflictException.class).hasMessageContaining("exists already");
        assertThatThrownBy(() -> repos.change("r", Change.adding(a.id()), "alice", "twice"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("in r version 2 already");
        assertThatThrownBy(() -> repos.change("r", Change.removing(999_999L), "alice", "absent"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("999999").hasMessageContaining("not in r");
        assertThatThrownBy(() -> repos.change("r", Change.adding(999_999L), "alice", "unknown"))
                .isInstanceOf(PackageNotFoundException.class).hasMessageContaining("no package with id(s) [999999]");
        assertThatThrownBy(() -> repos.change("r", Change.removing(a.id()), "alice", " "))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> repos.change("nope", Change.removing(a.id()), "alice", "x"))
                .isInstanceOf(RepositoryNotFoundException.class).hasMessageContaining("no repository named nope");
        assertThatThrownBy(() -> repos.version("r", 7))
                .isInstanceOf(RepositoryNotFoundException.class).hasMessageContaining("versions are 1 to 2");
        assertThatThrownBy(() -> repos.create(new Repository("s", "", "missing-key", false), "alice", "x"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("no signing key named 'missing-key'");
        assertThatThrownBy(() -> new Repository("../etc", "", null, false))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'../etc'");
        assertThat(repos.latest("r").number()).isEqualTo(2);
        assertThat(repos.list()).extracting(Repository::name).containsExactly("r");
    }

    @Test
    default void aSignedRepositoryRefusesUnsignedTestFailedAndOtherwiseSignedFilesNamingEachOne() {
        Repositories repos = repositories();
        Packages packages = packages();
        repos.create(new Repository("prod", "", "site", false), "alice", "create");
        PackageRecord hello = uploaded("hello-1.0-1.noarch");
        PackageRecord helloSigned = signed(hello, SITE_KEY_ID);
        PackageRecord byOther = signed(uploaded("other-1.0-1.noarch"), OTHER_KEY_ID);
        PackageRecord tampered = packages.register(PackageRecord.mirrored(Nevra.parse("tampered-1.0-1.noarch"), sha("tampered"), 10,
                "upstream"), PackageState.TEST_FAILED, "sync", "payload digest does not match the header");
        PackageRecord failedCopy = signed(uploaded("flaky-1.0-1.noarch"), SITE_KEY_ID);
        packages.setState(failedCopy.id(), "testing", PackageState.TEST_FAILED, "tester", "crashes on start");

        assertThatThrownBy(() -> repos.change("prod", Change.adding(hello.id()), "alice", "unsigned"))
                .isInstanceOf(ChangeRefusedException.class)
                .hasMessageContaining("hello-1.0-1.noarch").hasMessageContaining("is not signed with site (" + SITE_KEY_ID + ")");
        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(ChangeRefusedException.class,
                () -> repos.change("prod", Change.adding(byOther.id(), tampered.id(), failedCopy.id(), helloSigned.id()),
                        "alice", "all at once"));
        assertThat(refused.reasons()).hasSize(4).anySatisfy(r -> assertThat(r).contains("other-1.0-1.noarch")
                        .contains("signed with key " + OTHER_KEY_ID + ", not with site"))
                .anySatisfy(r -> assertThat(r).contains("tampered-1.0-1.noarch").contains("is test failed")
                        .contains("payload digest does not match the header"))
                .anySatisfy(r -> assertThat(r).contains("tampered-1.0-1.noarch").contains("is not signed"))
                .anySatisfy(r -> assertThat(r).contains("flaky-1.0-1.noarch").contains("test failed in testing")
                        .contains("crashes on start"));
        assertThat(repos.latest("prod").number()).as("nothing changed").isEqualTo(1);

        assertThat(repos.change("prod", Change.adding(helloSigned.id()), "alice", "signed").packageIds())
                .containsExactly(helloSigned.id());

        // A repository without signWith may hold unsigned files, never test-failed ones.
        repos.create(new Repository("scratch", "", null, false), "alice", "create");
        assertThat(repos.change("scratch", Change.adding(hello.id()), "alice", "unsigned is fine").number()).isEqualTo(2);
        assertThatThrownBy(() -> repos.change("scratch", Change.adding(tampered.id()), "alice", "quarantined"))
                .isInstanceOf(ChangeRefusedException.class).hasMessageContaining("is test failed");
        // ...also by a rollback to a version from before the package failed.
        PackageRecord later = uploaded("later-1.0-1.noarch");
        repos.change("scratch", Change.adding(later.id()), "alice", "later");
        repos.change("scratch", Change.removing(later.id()), "alice", "out again");
        packages.setState(later.id(), null, PackageState.TEST_FAILED, "tester", "found a backdoor");
        assertThatThrownBy(() -> repos.rollback("scratch", 3, "alice", "back"))
                .isInstanceOf(ChangeRefusedException.class).hasMessageContaining("found a backdoor");
    }

    @Test
    default void aRepositoryRequiringTestedRefusesThePromotionOfPackagesNotMarkedTestedInTheSource() {
        Repositories repos = repositories();
        Packages packages = packages();
        repos.create(new Repository("testing", "", "site", false), "alice", "create");
        repos.create(new Repository("production", "", "site", true), "alice", "create");
        PackageRecord hello = signed(uploaded("hello-1.0-1.noarch"), SITE_KEY_ID);
        PackageRecord world = signed(uploaded("world-1.0-1.noarch"), SITE_KEY_ID);
        repos.change("testing", Change.adding(hello.id(), world.id()), "alice", "to test");
        packages.setState(hello.id(), "testing", PackageState.SIGNED_UNTESTED, "alice", "in testing");

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(ChangeRefusedException.class,
                () -> repos.checkPromotion("testing", "production", List.of(hello.id(), world.id())));
        assertThat(refused.reasons()).containsExactlyInAnyOrder(
                hello.describe() + " is SIGNED_UNTESTED in testing, and production requires tested packages; mark it tested first",
                world.describe() + " is not in testing, and production requires tested packages; mark it tested first");

        packages.setState(hello.id(), "testing", PackageState.TESTED, "tess", "works on 40 hosts");
        repos.checkPromotion("testing", "production", List.of(hello.id()));
        assertThatThrownBy(() -> repos.checkPromotion("testing", "production", List.of(world.id())))
                .isInstanceOf(ChangeRefusedException.class);
        // A repository that does not require tested packages takes untested ones.
        repos.create(new Repository("staging", "", "site", false), "alice", "create");
        repos.checkPromotion("testing", "staging", List.of(world.id()));
    }

    @Test
    default void aFileIsOnePackageByItsDigestWithItsSignedCopiesAndEveryStateChangeIsAnEventInItsHistory() {
        Packages packages = packages();
        PackageRecord original = packages.register(PackageRecord.mirrored(Nevra.parse("hello-1.1-1.noarch"), sha("hello"), 1234,
                "upstream"), PackageState.WAITING, "sync", "checked: vendor key 199E2F91FD431D51");
        PackageRecord again = packages.register(PackageRecord.mirrored(Nevra.parse("hello-1.1-1.noarch"), sha("hello"), 1234,
                "upstream"), PackageState.WAITING, "sync", "mirrored twice");
        assertThat(again).isEqualTo(original);
        assertThat(original.id()).isPositive();

        PackageRecord copy = signed(original, SITE_KEY_ID);
        assertThat(copy.signedFrom()).isEqualTo(original.sha256());
        assertThat(copy.signedByKeyId()).isEqualTo(SITE_KEY_ID);
        assertThat(packages.register(PackageRecord.signedCopy(original, sha("a second signature"), 1100, SITE_KEY_ID),
                PackageState.WAITING, "signer", "signed again")).as("one copy per original and key").isEqualTo(copy);
        PackageRecord otherCopy = signed(original, OTHER_KEY_ID);
        assertThat(packages.signedCopy(original, SITE_KEY_ID)).contains(copy);
        assertThat(packages.signedCopy(original, "1111111111111111")).isEmpty();
        assertThat(packages.files(Nevra.parse("hello-1.1-1.noarch"))).containsExactly(original, copy, otherCopy);
        assertThat(packages.bySha256(copy.sha256())).contains(copy);
        assertThatThrownBy(() -> packages.register(PackageRecord.signedCopy(
                PackageRecord.uploaded(Nevra.parse("hello-1.1-1.noarch"), sha("never registered"), 1), sha("x"), 1, SITE_KEY_ID),
                PackageState.WAITING, "signer", "x")).isInstanceOf(PackageNotFoundException.class);

        clock().advance(java.time.Duration.ofHours(1));
        packages.setState(copy.id(), "el-testing", PackageState.SIGNED_UNTESTED, "alice", "added to testing");
        packages.setState(copy.id(), "el-testing", PackageState.TESTED, "tess", "works");
        packages.setState(copy.id(), "el-production", PackageState.GOOD, "alice", "promoted");

        var history = packages.history(Nevra.parse("hello-1.1-1.noarch"));
        assertThat(history.files()).containsExactly(original, copy, otherCopy);
        assertThat(history.events()).extracting(PackageEvent::packageId, PackageEvent::repository, PackageEvent::state,
                        PackageEvent::actor, PackageEvent::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(original.id(), null, PackageState.WAITING, "sync",
                                "checked: vendor key 199E2F91FD431D51"),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), null, PackageState.WAITING, "signer",
                                "signed with " + SITE_KEY_ID),
                        org.assertj.core.groups.Tuple.tuple(otherCopy.id(), null, PackageState.WAITING, "signer",
                                "signed with " + OTHER_KEY_ID),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), "el-testing", PackageState.SIGNED_UNTESTED, "alice",
                                "added to testing"),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), "el-testing", PackageState.TESTED, "tess", "works"),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), "el-production", PackageState.GOOD, "alice",
                                "promoted"));
        assertThat(history.events().get(3).at()).isEqualTo(clock().instant());
        assertThat(history.current()).extracting(PackageEvent::packageId, PackageEvent::repository, PackageEvent::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(original.id(), null, PackageState.WAITING),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), null, PackageState.WAITING),
                        org.assertj.core.groups.Tuple.tuple(otherCopy.id(), null, PackageState.WAITING),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), "el-testing", PackageState.TESTED),
                        org.assertj.core.groups.Tuple.tuple(copy.id(), "el-production", PackageState.GOOD));
        assertThat(packages.state(copy.id(), "el-testing")).contains(PackageState.TESTED);
        assertThat(packages.state(copy.id(), null)).contains(PackageState.WAITING);
        assertThat(packages.state(original.id(), "el-testing")).isEmpty();
        assertThatThrownBy(() -> packages.history(Nevra.parse("nope-1-1.noarch"))).isInstanceOf(PackageNotFoundException.class)
                .hasMessageContaining("no package nope-1-1.noarch");
        PackageRecord withEpoch = packages.register(PackageRecord.uploaded(Nevra.parse("openssl-libs-1:3.0.7-18.el9.x86_64"),
                sha("openssl"), 5), PackageState.UNSIGNED, "builder", "built");
        assertThat(packages.get(withEpoch.id())).isEqualTo(withEpoch);
        assertThat(packages.get(withEpoch.id()).nevra().epoch()).isEqualTo(1);
        assertThat(packages.files(Nevra.parse("openssl-libs-3.0.7-18.el9.x86_64"))).as("epoch 0 is another NEVRA").isEmpty();
    }

    @Test
    default void manyFilesAreRegisteredAndTheirStatesSetInOneTransactionEachAllOrNone() {
        Packages packages = packages();
        PackageRecord known = packages.register(PackageRecord.mirrored(Nevra.parse("known-1-1.noarch"), sha("known"), 10,
                "upstream"), PackageState.MIRRORING, "sync", "listed");
        packages.setState(known.id(), null, PackageState.TEST_FAILED, "sync", "checksum: bad");

        List<Registered> registered = packages.registerAll(List.of(
                PackageRecord.mirrored(Nevra.parse("first-1-1.noarch"), sha("first"), 11, "upstream"),
                PackageRecord.mirrored(Nevra.parse("known-1-1.noarch"), sha("known"), 10, "upstream"),
                PackageRecord.mirrored(Nevra.parse("second-1-1.noarch"), sha("second"), 12, "upstream")),
                PackageState.MIRRORING, "sync", "listed by remote upstream");

        assertThat(registered).extracting(r -> r.record().nevra().toString(), Registered::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("first-1-1.noarch", PackageState.MIRRORING),
                org.assertj.core.groups.Tuple.tuple("known-1-1.noarch", PackageState.TEST_FAILED),
                org.assertj.core.groups.Tuple.tuple("second-1-1.noarch", PackageState.MIRRORING));
        assertThat(registered.get(1).record()).isEqualTo(known);
        PackageRecord first = registered.get(0).record();
        PackageRecord second = registered.get(2).record();
        assertThat(packages.get(first.id())).isEqualTo(first);
        assertThat(packages.history(first.nevra()).events()).extracting(PackageEvent::state, PackageEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(PackageState.MIRRORING, "listed by remote upstream"));
        assertThatThrownBy(() -> packages.registerAll(List.of(PackageRecord.signedCopy(first, sha("copy"), 1, SITE_KEY_ID)),
                PackageState.WAITING, "signer", "x")).isInstanceOf(BadRequestException.class);

        List<PackageEvent> events = packages.setStates(List.of(
                new StateChange(first.id(), null, PackageState.WAITING, "sync", "checked"),
                new StateChange(second.id(), null, PackageState.TEST_FAILED, "sync", "bad signature: x")));
        assertThat(events).extracting(PackageEvent::packageId, PackageEvent::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first.id(), PackageState.WAITING),
                org.assertj.core.groups.Tuple.tuple(second.id(), PackageState.TEST_FAILED));
        assertThat(packages.state(first.id(), null)).contains(PackageState.WAITING);
        assertThat(packages.state(second.id(), null)).contains(PackageState.TEST_FAILED);

        assertThatThrownBy(() -> packages.setStates(List.of(
                new StateChange(first.id(), null, PackageState.TEST_FAILED, "sync", "not recorded"),
                new StateChange(999_999, null, PackageState.WAITING, "sync", "no such file"))))
                .as("an unknown id fails the whole change").isInstanceOf(RuntimeException.class);
        assertThat(packages.state(first.id(), null)).as("nothing of it recorded").contains(PackageState.WAITING);
        assertThatThrownBy(() -> packages.setStates(List.of(new StateChange(first.id(), null, PackageState.WAITING,
                "sync", " ")))).isInstanceOf(BadRequestException.class);
    }

    @Test
    default void removingARepositoryKeepsThePackagesAndTheirHistory() {
        Repositories repos = repositories();
        Packages packages = packages();
        repos.create(new Repository("gone", "", null, false), "alice", "create");
        PackageRecord a = uploaded("a-1.0-1.noarch");
        repos.change("gone", Change.adding(a.id()), "alice", "add");
        packages.setState(a.id(), "gone", PackageState.SIGNED_UNTESTED, "alice", "in it");

        repos.remove("gone");
        assertThat(repos.list()).isEmpty();
        assertThatThrownBy(() -> repos.latest("gone")).isInstanceOf(RepositoryNotFoundException.class);
        assertThatThrownBy(() -> repos.remove("gone")).isInstanceOf(RepositoryNotFoundException.class);
        assertThat(packages.state(a.id(), "gone")).isEmpty();
        assertThat(packages.history(Nevra.parse("a-1.0-1.noarch")).events()).hasSize(2);

        repos.create(new Repository("gone", "", null, false), "alice", "again");
        assertThat(repos.latest("gone").number()).as("a new repository of the same name starts afresh").isEqualTo(1);
        assertThat(repos.latest("gone").packageIds()).isEmpty();
    }

    @Test
    default void versionsOfSetsWithEveryCombinationOfStaysAreListedExactly() {
        // A package added, removed and added again has two stays; each version must see exactly the right ones.
        Repositories repos = repositories();
        repos.create(new Repository("r", "", null, false), "alice", "create");
        PackageRecord a = uploaded("a-1.0-1.noarch");
        PackageRecord b = uploaded("b-1.0-1.noarch");
        repos.change("r", Change.adding(a.id()), "x", "2");
        repos.change("r", Change.of(List.of(b.id()), List.of(a.id())), "x", "3");
        repos.change("r", Change.adding(a.id()), "x", "4");
        repos.change("r", Change.removing(b.id()), "x", "5");
        assertThat(List.of(1, 2, 3, 4, 5)).map(n -> (Set<Long>) new java.util.HashSet<>(repos.version("r", n).packageIds()))
                .containsExactly(Set.<Long>of(), Set.of(a.id()), Set.of(b.id()), Set.of(a.id(), b.id()), Set.of(a.id()));
    }
}
