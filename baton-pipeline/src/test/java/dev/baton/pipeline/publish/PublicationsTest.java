package dev.baton.pipeline.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.content.Blob;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.repodata.UpdateRecord;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.signing.DetachedSignatures;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeyStore;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.KeySigner;
import dev.baton.pipeline.signing.Verification;
import dev.baton.pipeline.testing.RpmBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicationsTest {
    @TempDir Path tmp;
    private ContentStore content;
    private Path root;
    private final List<PackageRecord> packages = new ArrayList<>();

    @BeforeEach
    void packages() throws IOException {
        content = ContentStore.open(tmp.resolve("content"));
        root = tmp.resolve("publications");
        Path built = Files.createDirectories(tmp.resolve("built"));
        long id = 1;
        for (String[] p : List.of(new String[] {"hello", "1.0"}, new String[] {"world", "2.0"})) {
            Path rpm = RpmBuilder.named(p[0]).version(p[1]).release("1").build(built);
            Blob blob;
            try (InputStream in = Files.newInputStream(rpm)) {
                blob = content.put(in, null, -1);
            }
            packages.add(PackageRecord.uploaded(Nevra.parse(p[0] + "-" + p[1] + "-1.noarch"), blob.sha256(),
                    blob.size()).withId(id++));
        }
    }

    @Test
    void publishesLinkedPackagesAndMetadataAndSwitchesCurrent() throws IOException {
        var publications = new Publications(root, content);
        var first = publications.publish("el-testing", 2, packages.subList(0, 1), List.of(), null, 3);
        assertThat(publications.current("el-testing")).contains(first.directory().toRealPath());
        assertThat(first.directory().getFileName().toString()).startsWith("2-");
        Path hello = first.directory().resolve("Packages/h/hello-1.0-1.noarch.rpm");
        assertThat(Files.getAttribute(hello, "unix:ino"))
                .isEqualTo(Files.getAttribute(content.path(packages.get(0).sha256()).orElseThrow(), "unix:ino"));
        assertWhole(first.directory());
        assertThat(first.directory().resolve("repodata/repomd.xml.asc")).doesNotExist();

        var second = publications.publish("el-testing", 3, packages, List.of(advisory()), null, 3);
        assertThat(publications.current("el-testing")).contains(second.directory().toRealPath());
        assertThat(Files.readSymbolicLink(root.resolve("el-testing/current")).toString())
                .isEqualTo(second.directory().getFileName().toString());
        assertWhole(second.directory());
        assertThat(Files.readString(second.directory().resolve("repodata/repomd.xml"))).contains("updateinfo");
        assertThat(first.directory()).isDirectory(); // kept
    }

    @Test
    void signsRepomdWithTheKey() throws IOException {
        SigningKeys keys = keys();
        keys.create("site", SigningKey.Algorithm.EDDSA, null, "alice");
        KeySigner key = keys.forSigning("site");
        var p = new Publications(root, content).publish("signed", 1, packages, List.of(), key, 3);
        byte[] repomd = Files.readAllBytes(p.directory().resolve("repodata/repomd.xml"));
        String asc = Files.readString(p.directory().resolve("repodata/repomd.xml.asc"));
        assertThat(DetachedSignatures.verify(repomd, asc, keys.publicKeys()).status()).isEqualTo(Verification.Status.OK);
        assertThat(p.signed()).isTrue();
    }

    @Test
    void anEmptyVersionIsPublishedWithEmptyMetadata() throws IOException {
        var p = new Publications(root, content).publish("empty", 1, List.of(), List.of(), null, 3);
        assertThat(Files.readString(p.directory().resolve("repodata/repomd.xml"))).contains("primary");
        assertThat(p.directory().resolve("Packages")).doesNotExist();
    }

    @Test
    void keepsTheLiveAndTheNewestOthers() throws IOException {
        var publications = new Publications(root, content);
        List<Path> made = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            made.add(publications.publish("r", v, packages, List.of(), null, 2).directory());
        }
        assertThat(Publications.publications(root.resolve("r")))
                .containsExactly(made.get(2).getFileName().toString(), made.get(3).getFileName().toString(),
                        made.get(4).getFileName().toString());
        assertThat(made.get(0)).doesNotExist();
    }

    @Test
    void aFailureAtAnyStepLeavesTheOldPublicationLiveAndWhole() throws IOException {
        SigningKeys keys = keys();
        keys.create("site", SigningKey.Algorithm.EDDSA, null, "alice");
        KeySigner key = keys.forSigning("site");
        Path live = new Publications(root, content).publish("r", 1, packages.subList(0, 1), List.of(), key, 3)
                .directory().toRealPath();
        for (Publications.Step step : List.of(Publications.Step.PACKAGES_LINKED, Publications.Step.REPODATA_WRITTEN,
                Publications.Step.SIGNED)) {
            var crashing = new Publications(root, content, Clock.systemUTC(), s -> {
                if (s == step) {
                    throw new IllegalStateException("crash after " + s);
                }
            });
            assertThatThrownBy(() -> crashing.publish("r", 2, packages, List.of(advisory()), key, 3))
                    .hasMessage("crash after " + step);
            assertThat(crashing.current("r")).as("after a crash at " + step).contains(live);
            assertWhole(live);
            assertThat(Publications.publications(root.resolve("r"))).hasSize(1);
            assertThat(leftovers()).isNotEmpty();
        }
        // after COMPLETE the new publication exists but is not live yet; the next publish goes on from there
        var crashing = new Publications(root, content, Clock.systemUTC(), s -> {
            if (s == Publications.Step.COMPLETE) {
                throw new IllegalStateException("crash after " + s);
            }
        });
        assertThatThrownBy(() -> crashing.publish("r", 2, packages, List.of(), key, 3));
        assertThat(crashing.current("r")).contains(live);

        var next = new Publications(root, content).publish("r", 3, packages, List.of(), key, 3);
        assertThat(leftovers()).isEmpty();
        assertWhole(next.directory());
        assertThat(new Publications(root, content).current("r")).contains(next.directory().toRealPath());
    }

    @Test
    void killNineAtAnyStepLeavesTheOldPublicationLiveAndWhole() throws Exception {
        Path live = new Publications(root, content).publish("r", 1, packages.subList(0, 1), List.of(), null, 3)
                .directory().toRealPath();
        for (Publications.Step step : List.of(Publications.Step.PACKAGES_LINKED, Publications.Step.REPODATA_WRITTEN,
                Publications.Step.COMPLETE)) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), PublishUntilKilled.class.getName(),
                    root.toString(), content.directory().toString(), step.name()));
            for (PackageRecord p : packages) {
                command.add(p.nevra() + "=" + p.sha256() + "=" + p.size());
            }
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals("at " + step)) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the child reached " + step + ":\n" + seen).isEqualTo("at " + step);
            child.destroyForcibly(); // SIGKILL: nothing after this step runs, nothing is cleaned up
            child.waitFor();
            assertThat(new Publications(root, content).current("r")).as("after kill -9 at " + step).contains(live);
            assertWhole(live);
            if (step == Publications.Step.COMPLETE) { // whole but never made live; pruned by a later publish
                assertThat(Publications.publications(root.resolve("r"))).hasSize(2);
            } else {
                assertThat(leftovers()).as("what the killed publish left at " + step).isNotEmpty();
            }
        }
        var next = new Publications(root, content).publish("r", 3, packages, List.of(), null, 3);
        assertThat(leftovers()).isEmpty();
        assertWhole(next.directory());
    }

    /** The child of {@link #killNineAtAnyStepLeavesTheOldPublicationLiveAndWhole}: publishes and waits at a step. */
    public static final class PublishUntilKilled {
        public static void main(String[] args) throws Exception {
            Publications.Step stop = Publications.Step.valueOf(args[2]);
            List<PackageRecord> records = new ArrayList<>();
            long id = 1;
            for (int i = 3; i < args.length; i++) {
                String[] p = args[i].split("=");
                records.add(PackageRecord.uploaded(Nevra.parse(p[0]), p[1], Long.parseLong(p[2])).withId(id++));
            }
            var publications = new Publications(Path.of(args[0]), ContentStore.open(Path.of(args[1])),
                    Clock.systemUTC(), step -> {
                        if (step == stop) {
                            System.out.println("at " + step);
                            System.out.flush();
                            try {
                                Thread.sleep(600_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            publications.publish("r", 2, records, List.of(), null, 3);
        }
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("r"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    /** Every file repomd.xml and primary name exists: what dnf would fetch is there. */
    static void assertWhole(Path publication) throws IOException {
        String repomd = Files.readString(publication.resolve("repodata/repomd.xml"));
        Matcher m = Pattern.compile("href=\"([^\"]+)\"").matcher(repomd);
        int files = 0;
        while (m.find()) {
            assertThat(publication.resolve(m.group(1))).isRegularFile();
            files++;
        }
        assertThat(files).isGreaterThanOrEqualTo(3);
        try (Stream<Path> walk = Files.walk(publication.resolve("Packages"))) {
            assertThat(walk.filter(Files::isRegularFile).count()).isGreaterThan(0);
        }
    }

    private static UpdateRecord advisory() {
        Nevra nevra = Nevra.parse("hello-1.0-1.noarch");
        return new UpdateRecord("SITE-SA:2026:0001", "security", "Important", "stable", "team@example.org",
                "hello update", "2026-01-10 12:00:00", null, null, null, List.of(),
                List.of(new UpdateRecord.Package(nevra, null, nevra.fileName(), null, false)));
    }

    private static SigningKeys keys() {
        Map<String, SigningKeyStore.StoredKey> stored = new ConcurrentHashMap<>();
        SigningKeyStore store = new SigningKeyStore() {
            @Override public boolean insert(StoredKey key) {
                return stored.putIfAbsent(key.key().name(), key) == null;
            }

            @Override public Optional<StoredKey> find(String name) {
                return Optional.ofNullable(stored.get(name));
            }

            @Override public List<SigningKey> list() {
                return stored.values().stream().map(StoredKey::key).toList();
            }
        };
        return new SigningKeys(store, "test passphrase".toCharArray(), InstantSource.system());
    }
}
