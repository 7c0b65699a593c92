package dev.baton.pipeline.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.rpm.Nevra;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository domain's values refuse what cannot be right, naming it. */
class RepositoryValuesTest {

    private static final Nevra HELLO = Nevra.parse("hello-1.1-1.noarch");
    private static final String SHA = "ab".repeat(32);
    private static final String OTHER_SHA = "cd".repeat(32);

    @Test
    void aSignedCopyNamesItsOriginalAndKeyAndNothingElseDoes() {
        PackageRecord original = PackageRecord.mirrored(HELLO, SHA, 10, "upstream");
        PackageRecord copy = PackageRecord.signedCopy(original, OTHER_SHA, 11, "0123456789abcdef");
        assertThat(copy.nevra()).isEqualTo(HELLO);
        assertThat(copy.signedFrom()).isEqualTo(SHA);
        assertThat(copy.signedByKeyId()).as("key ids upper-case").isEqualTo("0123456789ABCDEF");
        assertThat(copy.isSignedBy("0123456789ABCDEF")).isTrue();
        assertThat(original.isSignedBy("0123456789ABCDEF")).isFalse();

        assertThatThrownBy(() -> new PackageRecord(0, HELLO, SHA, 1, PackageOrigin.UPLOADED, OTHER_SHA, null, null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("only a signed copy names its original");
        assertThatThrownBy(() -> new PackageRecord(0, HELLO, SHA, 1, PackageOrigin.SIGNED_COPY, OTHER_SHA, "123", null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("16 hex digits").hasMessageContaining("'123'");
        assertThatThrownBy(() -> new PackageRecord(0, HELLO, SHA, 1, PackageOrigin.UPLOADED, null, null, "upstream"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("only a mirrored package names a remote");
        assertThatThrownBy(() -> PackageRecord.mirrored(HELLO, SHA, 1, null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("remote");
        assertThatThrownBy(() -> PackageRecord.uploaded(HELLO, SHA.toUpperCase(), 1))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("64 lower-case hex digits");
        assertThatThrownBy(() -> PackageRecord.uploaded(HELLO, SHA, -1))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> PackageRecord.uploaded(null, SHA, 1))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("NEVRA");
    }

    @Test
    void aChangeAddsOrRemovesSomethingAndNeverBothForOnePackage() {
        assertThat(Change.of(List.of(3L, 1L), List.of(2L)).add()).containsExactly(1L, 3L);
        assertThatThrownBy(() -> Change.of(List.of(), List.of())).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("at least one package");
        assertThatThrownBy(() -> Change.of(List.of(1L, 2L), List.of(2L))).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("add and remove the same").hasMessageContaining("[2]");
    }

    @Test
    void aRepositoryNameIsAPathSegmentAndItsSettingsAreBounded() {
        Repository r = new Repository("el9-testing", null, "site", true);
        assertThat(r.description()).isEmpty();
        assertThat(r.keepPublications()).isEqualTo(Repository.DEFAULT_KEEP_PUBLICATIONS);
        for (String bad : List.of("", "..", "a/b", "-x", "x y", "a".repeat(101))) {
            assertThatThrownBy(() -> new Repository(bad, "", null, false)).as(bad)
                    .isInstanceOf(BadRequestException.class).hasMessageContaining("repository name");
        }
        assertThatThrownBy(() -> new Repository("r", "", null, false, 0)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("keepPublications");
        assertThatThrownBy(() -> new Repository("r", "", "../key", false)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("--sign-with");
    }

    @Test
    void seedFoursStatesInTheirOrder() {
        assertThat(PackageState.values()).containsExactly(PackageState.READY, PackageState.MIRRORING,
                PackageState.WAITING, PackageState.TEST_FAILED, PackageState.UNSIGNED, PackageState.SIGNED_UNTESTED,
                PackageState.TESTED, PackageState.GOOD);
    }
}
