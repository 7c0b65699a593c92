package dev.baton.web.pipeline;

import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.content.Blob;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.release.PublishRequests;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.store.Database;
import dev.baton.store.SqlAdvisoryStore;
import dev.baton.store.SqlPackageStore;
import dev.baton.store.SqlRemoteStore;
import dev.baton.store.SqlRepositoryStore;
import dev.baton.store.SqlSigningKeyStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * A server's data directory as a sync would leave it, made before the server starts: the signing key {@code site},
 * the remote {@code upstream} with hello-1.0, hello-1.1 and world-1.0 checked (WAITING) and tampered-1.0 test
 * failed, and each checked package's copy signed with {@code site} made already (so a server without a signing
 * passphrase reuses the copies instead of signing).
 */
public final class PipelineSeed {

    public static final char[] PASSPHRASE = "seed passphrase".toCharArray();

    private PipelineSeed() {
    }

    public static void seed(Path dataDir) {
        Database db = Database.open(null, dataDir, false);
        try {
            InstantSource clock = InstantSource.system();
            var keys = new SigningKeys(new SqlSigningKeyStore(db), PASSPHRASE, clock);
            keys.create("site", SigningKey.Algorithm.EDDSA, null, "sam");
            var packageStore = new SqlPackageStore(db);
            var packages = new Packages(packageStore, clock);
            var repositories = new Repositories(new SqlRepositoryStore(db), packageStore,
                    name -> keys.find(name).map(SigningKey::keyId), clock);
            var remotes = new Remotes(new SqlRemoteStore(db), clock);
            remotes.add(new Remote("upstream", URI.create("http://127.0.0.1:1/upstream/"), null, false, null, null,
                    null, null, null, null, null), "rita");
            ContentStore content = ContentStore.open(dataDir.resolve("pipeline").resolve("content"));
            Path built = dataDir.resolve("seed-rpms");
            mirrored(packages, content, built, "hello", "1.0", PackageState.WAITING);
            mirrored(packages, content, built, "hello", "1.1", PackageState.WAITING);
            mirrored(packages, content, built, "world", "1.0", PackageState.WAITING);
            mirrored(packages, content, built, "tampered", "1.0", PackageState.TEST_FAILED);
            var releases = new Releases(repositories, packages, remotes, content, keys,
                    new Advisories(new SqlAdvisoryStore(db), clock, Advisories.DEFAULT_PREFIX, null), PublishRequests.NONE);
            repositories.create(new Repository("seed-signing", "", "site", false), "sam", "sign the mirrored packages");
            releases.addFromRemote("seed-signing", "upstream", "sam", "signed copies");
            repositories.remove("seed-signing");
        } finally {
            db.close();
        }
    }

    private static void mirrored(Packages packages, ContentStore content, Path dir, String name, String version,
                                 PackageState state) {
        Path rpm = RpmBuilder.named(name).version(version).file("/usr/share/" + name + "/v", version).build(dir);
        Blob blob;
        try (InputStream in = Files.newInputStream(rpm)) {
            blob = content.put(in, null, -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        packages.register(PackageRecord.mirrored(Nevra.parse(name + "-" + version + "-1.noarch"), blob.sha256(),
                blob.size(), "upstream"), state, "sync", state == PackageState.WAITING
                ? "checked: signed by the vendor's key" : "bad signature: not signed by a trusted key");
    }
}
