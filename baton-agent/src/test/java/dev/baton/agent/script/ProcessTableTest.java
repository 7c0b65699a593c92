package dev.baton.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProcessTableTest {

    @Test
    void readsTheFieldsAfterACommandNameWithSpacesAndParentheses() {
        String line = "4242 (my (odd) name) S 1 4240 4240 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000000 100 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
        assertThat(ProcessTable.parse(line)).isEqualTo(new ProcessTable.Stat(4242, 'S', 4240, 987654));
        assertThat(ProcessTable.parse("garbage")).isNull();
        assertThat(ProcessTable.parse("1 (x) S 2 3")).isNull();
    }

    @Test
    void aGroupIsAliveWhileAProcessOfItLivesAndAReusedIdIsNotTakenForIt() throws Exception {
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 60 & sleep 60").start();
        try {
            long pgid = p.pid();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ProcessTable.stat(java.nio.file.Path.of("/proc/" + pgid)).pgrp() == pgid);
            long ticks = ProcessTable.startTicks(pgid).orElseThrow();
            assertThat(ProcessTable.groupAlive(pgid, ticks)).isTrue();
            // the same id with another start time: another process got the id, ours is gone
            assertThat(ProcessTable.groupAlive(pgid, ticks + 1)).isFalse();
            // the leader gone, a process of its group left: still alive
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(ProcessTable.groupAlive(pgid, ticks)).isTrue();
            ProcessGroup.signal("KILL", pgid);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessTable.groupAlive(pgid, ticks));
        } finally {
            ProcessGroup.signal("KILL", p.pid());
        }
        assertThat(ProcessTable.startTicks(Long.MAX_VALUE)).isEmpty();
    }
}
