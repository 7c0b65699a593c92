package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.AdvisoryDraft;
import dev.baton.pipeline.content.Blob;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.release.PublishRequests;
import dev.baton.pipeline.release.ReleaseChange;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.release.Selection;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.ChangeRefusedException;
import dev.baton.pipeline.repository.PackageNotFoundException;
import dev.baton.pipeline.repository.PackageOrigin;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.signing.PackageVerifier;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.Verification;
import dev.baton.pipeline.testing.RpmBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What release managers and testers do with repositories, on a store ({@link SqliteReleasesTest},
 * {@link PostgresReleasesTest}): adding a remote's checked packages signs each into a copy with the repository's key
 * (once), promotion by name, NEVRA and advisory with its refusals, marking tested and failed, the states seed 004
 * names, and a publish request after every new version.
 */
public interface ReleasesContract {

    char[] PASSPHRASE = "release test passphrase".toCharArray();

    Database database();

    TestClock clock();

    /** A fresh directory per test. */
    Path temp();

    /** The services of one test, over its store. */
    record World(Releases releases, Repositories repositories, Packages packages, SigningKeys keys,
                 Advisories advisories, ContentStore content, List<String> published) {
    }

    default World world() {
        var packageStore = new SqlPackageStore(database());
        // Real time for the keys: rpm ignores a key whose self-signature is dated in the future (the test clock's).
        var keys = new SigningKeys(new SqlSigningKeyStore(database()), PASSPHRASE, InstantSource.system());
        if (keys.find("site").isEmpty()) {
            keys.create("site", SigningKey.Algorithm.EDDSA, null, "sam");
            keys.create("other", SigningKey.Algorithm.EDDSA, null, "sam");
        }
        var packages = new Packages(packageStore, clock());
        var repositories = new Repositories(new SqlRepositoryStore(database()), packageStore,
                name -> keys.find(name).map(SigningKey::keyId), clock());
        var remotes = new Remotes(new SqlRemoteStore(database()), clock());
        if (remotes.list().isEmpty()) {
            remotes.add(new Remote("upstream", URI.create("http://127.0.0.1:1/upstream/"), null, false, null, null,
                    null, null, null, null, null), "rita");
        }
        var advisories = new Advisories(new SqlAdvisoryStore(database()), clock(), Advisories.DEFAULT_PREFIX, null);
        ContentStore content = ContentStore.open(temp().resolve("content"));
        List<String> published = new ArrayList<>();
        PublishRequests publish = (repository, actor) -> published.add(repository + " by " + actor);
        return new World(new Releases(repositories, packages, remotes, content, keys, advisories, publish),
                repositories, packages, keys, advisories, content, published);
    }

    /** Builds the package with rpmbuild, stores it and registers it as mirrored from upstream with this state. */
    default PackageRecord mirrored(World w, String name, String version, PackageState state) {
        Path rpm = RpmBuilder.named(name).version(version).file("/usr/share/" + name + "/v", version)
                .build(temp().resolve("built"));
        Blob blob;
        try (InputStream in = Files.newInputStream(rpm)) {
            blob = w.content().put(in, null, -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.packages().register(PackageRecord.mirrored(Nevra.parse(name + "-" + version + "-1.noarch"),
                blob.sha256(), blob.size(), "upstream"), state, "sync", state == PackageState.WAITING
                ? "checked: signed by the vendor's key" : "bad signature");
    }

    @Test
    default void addingARemoteSignsEachCheckedPackageIntoACopyWithTheRepositorysKeyOnceAndMarksItSignedUntested()
            throws IOException {
        World w = world();
        PackageRecord hello = mirrored(w, "hello", "1.0", PackageState.WAITING);
        PackageRecord world = mirrored(w, "world", "1.0", PackageState.WAITING);
        PackageRecord tampered = mirrored(w, "tampered", "1.0", PackageState.TEST_FAILED);
        w.repositories().create(new Repository("el-testing", "", "site", false), "rita", "create");

        ReleaseChange change = w.releases().addFromRemote("el-testing", "upstream", "rita", "this week's updates");

        assertThat(change.changed()).isTrue();
        assertThat(change.version().number()).isEqualTo(2);
        assertThat(change.added()).extracting(p -> p.nevra().toString())
                .containsExactly("hello-1.0-1.noarch", "world-1.0-1.noarch");
        String siteKey = w.keys().find("site").orElseThrow().keyId();
        for (PackageRecord copy : change.added()) {
            assertThat(copy.origin()).isEqualTo(PackageOrigin.SIGNED_COPY);
            assertThat(copy.signedByKeyId()).isEqualTo(siteKey);
            assertThat(copy.signedFrom()).isIn(hello.sha256(), world.sha256());
            Verification v = new PackageVerifier().verify(w.content().path(copy.sha256()).orElseThrow(),
                    w.keys().publicKeys());
            assertThat(v.status()).isEqualTo(Verification.Status.OK);
            assertThat(v.keyId()).isEqualTo(siteKey);
            assertThat(w.packages().state(copy.id(), "el-testing")).contains(PackageState.SIGNED_UNTESTED);
        }
        assertThat(w.repositories().latest("el-testing").packageIds()).doesNotContain(tampered.id(), hello.id());
        assertThat(w.published()).containsExactly("el-testing by rita");

        // Nothing new: no version, no publication. Another repository with the same key reuses the copies.
        ReleaseChange again = w.releases().addFromRemote("el-testing", "upstream", "rita", "again");
        assertThat(again.changed()).isFalse();
        assertThat(again.version().number()).isEqualTo(2);
        w.repositories().create(new Repository("el-also", "", "site", false), "rita", "create");
        ReleaseChange also = w.releases().addFromRemote("el-also", "upstream", "rita", "same packages");
        assertThat(also.added()).containsExactlyElementsOf(change.added());
        assertThat(w.published()).containsExactly("el-testing by rita", "el-also by rita");
    }

    @Test
    default void anUnsignedRepositoryTakesTheOriginalsAsUnsignedAndAddAndRemoveGoByNevra() {
        World w = world();
        PackageRecord hello = mirrored(w, "hello", "1.0", PackageState.WAITING);
        w.repositories().create(new Repository("scratch", "", null, false), "rita", "create");

        ReleaseChange added = w.releases().add("scratch", List.of(hello.nevra()), "rita", "try it");
        assertThat(added.added()).containsExactly(hello);
        assertThat(w.packages().state(hello.id(), "scratch")).contains(PackageState.UNSIGNED);

        ReleaseChange removed = w.releases().remove("scratch", List.of(hello.nevra()), "rita", "done");
        assertThat(removed.removed()).containsExactly(hello);
        assertThat(removed.version().packageIds()).isEmpty();
        assertThatThrownBy(() -> w.releases().remove("scratch", List.of(hello.nevra()), "rita", "twice"))
                .isInstanceOf(PackageNotFoundException.class).hasMessage("hello-1.0-1.noarch is not in scratch (version 3)");
        assertThatThrownBy(() -> w.releases().add("scratch", List.of(Nevra.parse("nope-1-1.noarch")), "rita", "x"))
                .isInstanceOf(PackageNotFoundException.class).hasMessageContaining("no package nope-1-1.noarch");
    }

    @Test
    default void promotionTakesTheNewestOfANameOnlyWhenTestedAndMakesItGoodInProduction() {
        World w = world();
        mirrored(w, "hello", "1.0", PackageState.WAITING);
        mirrored(w, "hello", "1.10", PackageState.WAITING);
        mirrored(w, "hello", "1.9", PackageState.WAITING);
        w.repositories().create(new Repository("el-testing", "", "site", false), "rita", "create");
        w.repositories().create(new Repository("el-production", "", "site", true, 3, true), "rita", "create");
        w.releases().addFromRemote("el-testing", "upstream", "rita", "updates");
        Nevra newest = Nevra.parse("hello-1.10-1.noarch");

        var untested = catchThrowableOfType(ChangeRefusedException.class, () -> w.releases().promote("el-testing",
                "el-production", new Selection(List.of("hello"), List.of()), "rita", "release"));
        assertThat(untested.reasons()).singleElement().asString().startsWith(newest + " (file ")
                .endsWith("is SIGNED_UNTESTED in el-testing, and el-production requires tested packages; mark it "
                        + "tested first");

        w.releases().markTested(newest, "el-testing", "tess", "runs on 40 hosts");
        ReleaseChange promoted = w.releases().promote("el-testing", "el-production",
                new Selection(List.of("hello"), List.of()), "rita", "release");
        assertThat(promoted.added()).extracting(PackageRecord::nevra).containsExactly(newest);
        PackageRecord copy = promoted.added().getFirst();
        assertThat(w.packages().state(copy.id(), "el-production")).contains(PackageState.GOOD);
        assertThat(w.packages().state(copy.id(), "el-testing")).contains(PackageState.TESTED);
        assertThat(w.packages().history(newest).events()).anySatisfy(e -> {
            assertThat(e.state()).isEqualTo(PackageState.TESTED);
            assertThat(e.actor()).isEqualTo("tess");
            assertThat(e.reason()).isEqualTo("runs on 40 hosts");
        });

        // Marked failed: refused with the tester's comment, even where tested packages are not required.
        Nevra old = Nevra.parse("hello-1.0-1.noarch");
        w.releases().markFailed(old, "el-testing", "tess", "crashes on start");
        w.repositories().create(new Repository("el-staging", "", "site", false), "rita", "create");
        var failed = catchThrowableOfType(ChangeRefusedException.class, () -> w.releases().promote("el-testing",
                "el-staging", new Selection(List.of(old.toString()), List.of()), "rita", "try"));
        assertThat(failed.reasons()).singleElement().asString().contains(old + " (file")
                .contains("is test failed in el-testing (tess: crashes on start)");
        assertThatThrownBy(() -> w.releases().markFailed(old, "el-testing", "tess", " "))
                .hasMessageContaining("needs a comment");
    }

    @Test
    default void anUnsignedPackageIsNeverPromotedIntoASignedRepositoryAndAnotherKeySignsItsOwnCopy() {
        World w = world();
        PackageRecord hello = mirrored(w, "hello", "1.0", PackageState.WAITING);
        w.repositories().create(new Repository("scratch", "", null, false), "rita", "create");
        w.repositories().create(new Repository("el-testing", "", "site", false), "rita", "create");
        w.repositories().create(new Repository("partner", "", "other", false), "rita", "create");
        w.releases().add("scratch", List.of(hello.nevra()), "rita", "try");

        var unsigned = catchThrowableOfType(ChangeRefusedException.class, () -> w.releases().promote("scratch",
                "el-testing", new Selection(List.of("hello"), List.of()), "rita", "release"));
        assertThat(unsigned.reasons()).singleElement().asString().startsWith(hello.describe() + " is not signed with site");
        assertThat(w.repositories().latest("el-testing").number()).isEqualTo(1);

        PackageRecord siteCopy = w.releases().addFromRemote("el-testing", "upstream", "rita", "in").added().getFirst();
        ReleaseChange partner = w.releases().promote("el-testing", "partner",
                new Selection(List.of(hello.nevra().toString()), List.of()), "rita", "for the partner");
        PackageRecord otherCopy = partner.added().getFirst();
        assertThat(otherCopy.signedByKeyId()).isEqualTo(w.keys().find("other").orElseThrow().keyId());
        assertThat(otherCopy.signedFrom()).isEqualTo(hello.sha256());
        assertThat(otherCopy.id()).isNotEqualTo(siteCopy.id());
    }

    @Test
    default void promotionByAdvisoryTakesTheAdvisorysPackagesTheSourceHolds() {
        World w = world();
        mirrored(w, "hello", "1.1", PackageState.WAITING);
        mirrored(w, "world", "1.0", PackageState.WAITING);
        w.repositories().create(new Repository("el-testing", "", "site", false), "rita", "create");
        w.repositories().create(new Repository("el-production", "", "site", false, 3, true), "rita", "create");
        w.releases().addFromRemote("el-testing", "upstream", "rita", "updates");
        String id = w.advisories().create(new AdvisoryDraft("security", "Important", "hello fix", null, null, null,
                null, null, List.of("hello-1.1-1.noarch", "absent-2.0-1.noarch"), false), "rita").id();

        ReleaseChange promoted = w.releases().promote("el-testing", "el-production",
                new Selection(List.of(), List.of(id)), "rita", "advisory " + id);

        assertThat(promoted.added()).extracting(p -> p.nevra().toString()).containsExactly("hello-1.1-1.noarch");
        assertThat(w.packages().state(promoted.added().getFirst().id(), "el-production")).contains(PackageState.GOOD);
        assertThat(w.published()).endsWith("el-production by rita");
    }
}
