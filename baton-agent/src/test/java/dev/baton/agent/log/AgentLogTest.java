package dev.baton.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLogTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-21T23:59:58.000000123Z"));
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void fileLinesAreTimeStampedInUtcWithLevelAndPidStderrLinesArePlain() throws Exception {
        Path file = dir.resolve("log/agent.log");
        try (AgentLog log = AgentLog.withFile(new PrintStream(err, true, StandardCharsets.UTF_8), clock, Level.INFO, file, 3)) {
            log.info("needs_update: running 10-apt");
            log.warn("needs_update: 10-apt exit code 100 after 5 ms");
            log.debug("not shown");
        }
        List<String> lines = Files.readAllLines(file);
        long pid = ProcessHandle.current().pid();
        assertThat(lines).containsExactly("2026-11-21T23:59:58.000000123Z INFO [" + pid + "] needs_update: running 10-apt",
                "2026-11-21T23:59:58.000000123Z WARNING [" + pid + "] needs_update: 10-apt exit code 100 after 5 ms");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly("needs_update: running 10-apt",
                "warning: needs_update: 10-apt exit code 100 after 5 ms");
    }

    @Test
    void timeStampsAreWhatInstantParseReads() {
        for (String t : List.of("2026-01-02T03:04:05Z", "2026-12-31T23:59:59.999999999Z", "1999-07-08T09:10:11.5Z", "2030-02-28T00:00:00.000001Z")) {
            Instant i = Instant.parse(t);
            String s = Timestamps.iso(i);
            assertThat(s).hasSize(30).endsWith("Z");
            assertThat(Instant.parse(s)).isEqualTo(i);
        }
        assertThat(Timestamps.iso(Instant.parse("2026-01-02T03:04:05.120Z"))).isEqualTo("2026-01-02T03:04:05.120000000Z");
        assertThat(Timestamps.compact(Instant.parse("2026-01-02T03:04:05.120Z"))).isEqualTo("20260102T030405Z");
    }

    @Test
    void aNewDayRotatesTheFileAndOnlyRetentionRotatedFilesAreKept() throws Exception {
        Path file = dir.resolve("agent.log");
        for (String day : List.of("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20")) {
            Files.writeString(dir.resolve("agent.log." + day), "old\n");
        }
        try (AgentLog log = AgentLog.withFile(new PrintStream(err, true, StandardCharsets.UTF_8), clock, Level.INFO, file, 3)) {
            log.info("before midnight");
            Files.setLastModifiedTime(file, FileTime.from(now.get()));
            now.set(Instant.parse("2026-11-22T00:00:01Z"));
            log.info("after midnight");
        }
        assertThat(Files.readString(file)).contains("after midnight").doesNotContain("before midnight");
        assertThat(Files.readString(dir.resolve("agent.log.2026-11-21"))).contains("before midnight");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("agent.log", "agent.log.2026-11-19",
                    "agent.log.2026-11-20", "agent.log.2026-11-21");
        }
    }
}
