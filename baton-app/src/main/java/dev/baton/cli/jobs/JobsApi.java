package dev.baton.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import java.time.Duration;

/** The calls of {@code baton jobs} to {@code /api/v3/jobs}, and how a job is shown. */
final class JobsApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "api/v3/jobs";

    private JobsApi() {
    }

    static JsonNode get(BatonClient client, String path) {
        return client.call("GET", BASE + path, null, TIMEOUT, 200);
    }

    static JsonNode cancel(BatonClient client, long id) {
        return client.call("POST", BASE + "/" + id + "/cancel", null, TIMEOUT, 200);
    }

    /** "3/8 steps", "3 steps" while the total is unknown, or "" before any progress. */
    static String progress(JsonNode job) {
        JsonNode p = job.path("progress");
        long done = p.path("done").asLong();
        long total = p.path("total").asLong();
        String unit = p.path("unit").asText("");
        if (done == 0 && total == 0) {
            return "";
        }
        return (total > 0 ? done + "/" + total : String.valueOf(done)) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** One line about the job: id, kind, subject, state, progress and message or error. */
    static String line(JsonNode job) {
        String progress = progress(job);
        String message = job.path("progress").path("message").asText("");
        String error = job.path("error").asText("");
        return "job " + job.path("id").asLong() + " " + job.path("kind").asText() + " " + job.path("subject").asText()
                + ": " + job.path("state").asText() + (progress.isEmpty() ? "" : ", " + progress)
                + (message.isEmpty() ? "" : ", " + message) + (error.isEmpty() ? "" : ": " + error);
    }
}
