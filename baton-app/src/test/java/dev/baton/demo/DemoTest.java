package dev.baton.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo, small and fast: real agent processes against a real server, a failure, the operator's release. */
class DemoTest {

    @Test
    @Timeout(240)
    void aSmallWaveRunsToTheEndThroughAFailureAndTheOperatorsRelease(@TempDir Path dir) throws Exception {
        StringWriter text = new StringWriter();
        int code = new CommandLine(new DemoCommand()).setOut(new PrintWriter(text, true))
                .execute("--hosts", "4", "--slots", "2", "--failing-host", "2", "--pace", "0.1", "--plain", "--dir", dir.toString());
        String out = text.toString();
        assertThat(code).as(out).isZero();
        assertThat(out).contains("web-02.demo failed in post_update and KEEPS its slot");
        assertThat(out).contains("FAILED, keeps its slot");
        assertThat(out).contains("Every host is updated and the lock is free.");
        assertThat(out).containsPattern("force_release +web-02.demo");
        for (int i = 1; i <= 4; i++) {
            String host = String.format("web-%02d.demo", i);
            assertThat(out).containsPattern("acquire +" + host);
            // every host went through the reboot and the boot-time run
            assertThat(Files.exists(dir.resolve("hosts").resolve(host).resolve("reboots"))).as(host).isTrue();
            assertThat(Files.exists(dir.resolve("hosts").resolve(host).resolve("state"))).as(host + " finished").isFalse();
        }
    }
}
