package dev.baton.agent.script;

import static dev.baton.agent.TestFiles.file;
import static dev.baton.agent.TestFiles.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptScannerTest {

    @TempDir
    Path dir;

    private final ScriptScanner scanner = new ScriptScanner(ScriptScanner.currentUid());

    @Test
    void sortedByNameInTheCLocaleByteByByte() {
        for (String n : new String[] {"b", "10-x", "2-x", "B", "a", "_z", "é", "Z~", "01"}) {
            script(dir, n, "true");
        }
        ScriptScan scan = scanner.scan(dir, ScriptScanner.Rules.UPDATER);
        assertThat(scan.scripts()).extracting(Script::name).containsExactly("01", "10-x", "2-x", "B", "Z~", "_z", "a", "b", "é");
        assertThat(scan.skipped()).isEmpty();
    }

    @Test
    void insecureAndNonExecutableFilesAreSkippedWithTheReason() throws Exception {
        script(dir, "01-ok", "true");
        file(dir, "02-group-writable", "#!/bin/sh\n", "rwxrwxr-x");
        file(dir, "03-world-writable", "#!/bin/sh\n", "rwxr-xrwx");
        file(dir, "04-not-executable", "#!/bin/sh\n", "rw-r--r--");
        file(dir, "05-group-exec-only", "#!/bin/sh\n", "rw-r-xr-x");
        Files.createDirectory(dir.resolve("06-a-directory"));
        Files.createSymbolicLink(dir.resolve("07-dangling"), dir.resolve("nothing"));
        Files.createSymbolicLink(dir.resolve("08-link-to-ok"), dir.resolve("01-ok"));
        ScriptScan scan = scanner.scan(dir, ScriptScanner.Rules.UPDATER);
        assertThat(scan.scripts()).extracting(Script::name).containsExactly("01-ok", "08-link-to-ok");
        assertThat(scan.skipped()).extracting(f -> f.path().getFileName() + ": " + f.reason()).containsExactly(
                "02-group-writable: writable by its group (mode 0775); insecure",
                "03-world-writable: writable by others (mode 0757); insecure",
                "04-not-executable: not executable by its owner (mode 0644)",
                "05-group-exec-only: not executable by its owner (mode 0655)",
                "06-a-directory: a directory, not a script",
                "07-dangling: a symbolic link to nothing");
    }

    @Test
    void scriptsOwnedBySomeoneElseAreSkipped() throws Exception {
        Path s = script(dir, "01-foreign", "true");
        int me = ScriptScanner.currentUid();
        org.junit.jupiter.api.Assumptions.assumeTrue(me == 0, "changing a file's owner needs root");
        Files.setAttribute(s, "unix:uid", 4242);
        assertThat(scanner.scan(dir, ScriptScanner.Rules.UPDATER).skipped()).extracting(SkippedFile::reason)
                .containsExactly("owned by uid 4242, must be owned by root");
        // a user's own scripts may belong to that user
        assertThat(scanner.scan(dir, ScriptScanner.Rules.UPDATER, "alice", 4242).scripts()).hasSize(1);
        assertThat(scanner.scan(dir, ScriptScanner.Rules.UPDATER, "bob", 4343).skipped()).extracting(SkippedFile::reason)
                .containsExactly("owned by uid 4242, must be owned by bob (uid 4343) or root");
        // an agent running as an ordinary user accepts its own scripts
        assertThat(new ScriptScanner(4242).scan(dir, ScriptScanner.Rules.UPDATER).scripts()).hasSize(1);
    }

    @Test
    void runPartsRulesSkipDottedNamesAndSayWhy() {
        script(dir, "10-second", "true");
        script(dir, "9-first", "true");
        script(dir, "user-script.sh", "true");
        script(dir, "backup~", "true");
        file(dir, "20-plain", "x", "rw-r--r--");
        ScriptScan scan = scanner.scan(dir, ScriptScanner.Rules.RUN_PARTS);
        assertThat(scan.scripts()).extracting(Script::name).containsExactly("9-first", "10-second");
        assertThat(scan.skipped()).extracting(f -> f.path().getFileName() + ": " + f.reason()).containsExactlyInAnyOrder(
                "user-script.sh: name does not match ^[0-9A-Za-z_-]+$ (rename it, e.g. without the dot)",
                "backup~: name does not match ^[0-9A-Za-z_-]+$ (rename it, e.g. without the dot)",
                "20-plain: not executable");
    }

    @Test
    void aDirectoryWritableByItsGroupOrOthersIsRefusedWithItsScripts() throws Exception {
        Path d = dir.resolve("update.d");
        script(d, "01-install", "true");
        for (String[] c : new String[][] {{"rwxrwxr-x", "writable by its group (mode 0775)"}, {"rwxr-xrwx", "writable by others (mode 0757)"}}) {
            Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString(c[0]));
            ScriptScan scan = scanner.scan(d, ScriptScanner.Rules.UPDATER);
            assertThat(scan.scripts()).as(c[0]).isEmpty();
            assertThat(scan.missing()).isFalse();
            assertThat(scan.refused()).isEqualTo("the directory is " + c[1] + "; insecure: none of its scripts runs");
            assertThat(scan.skipped()).extracting(SkippedFile::toString).containsExactly(d + ": " + scan.refused());
        }
        Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(scanner.scan(d, ScriptScanner.Rules.UPDATER).scripts()).hasSize(1);
        org.junit.jupiter.api.Assumptions.assumeTrue(ScriptScanner.currentUid() == 0, "changing a directory's owner needs root");
        Files.setAttribute(d, "unix:uid", 4242);
        assertThat(scanner.scan(d, ScriptScanner.Rules.UPDATER).refused())
                .isEqualTo("the directory is owned by uid 4242, must be owned by root; insecure: none of its scripts runs");
        // a user's own directory may belong to that user
        assertThat(scanner.scan(d, ScriptScanner.Rules.UPDATER, "alice", 4242).scripts()).hasSize(1);
    }

    @Test
    void aMissingDirectoryHasNoScripts() {
        ScriptScan scan = scanner.scan(dir.resolve("absent"), ScriptScanner.Rules.UPDATER);
        assertThat(scan.missing()).isTrue();
        assertThat(scan.scripts()).isEmpty();
    }
}
