package dev.baton.cli.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What {@code baton jobs wait} draws on a terminal: a bar with the share done, the counts and the message. */
class JobsWaitCommandTest {

    private static JsonNode job(long done, long total, String message) throws Exception {
        return new ObjectMapper().readTree("""
                {"id":7,"kind":"sync","subject":"upstream","state":"running",
                 "progress":{"done":%d,"total":%d,"unit":"packages","message":"%s"},"error":null}""".formatted(done, total, message));
    }

    @Test
    void aBarWhenTheTotalIsKnownAndCountsWhenNot() throws Exception {
        assertThat(JobWatch.bar(job(3, 10, "fetching hello-1.0")))
                .isEqualTo("sync upstream [#########.....................]  30% 3/10 packages fetching hello-1.0");
        assertThat(JobWatch.bar(job(10, 10, ""))).isEqualTo("sync upstream [##############################] 100% 10/10 packages");
        assertThat(JobWatch.bar(job(42, 0, "reading primary"))).isEqualTo("sync upstream running 42 packages reading primary");
        assertThat(JobsApi.line(job(3, 10, "x"))).isEqualTo("job 7 sync upstream: running, 3/10 packages, x");
    }
}
