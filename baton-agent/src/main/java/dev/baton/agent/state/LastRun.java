package dev.baton.agent.state;

import dev.baton.agent.log.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of the last run, kept next to the state file ({@code <state>.last-run}) for {@code status}.
 *
 * @param result  {@code nothing_to_do}, {@code done}, {@code rebooting}, {@code failed}, {@code waiting} ...
 * @param phase   the phase the run ended in
 * @param message one line for people
 */
public record LastRun(String runId, Instant started, Instant finished, String result, String phase, int exitCode, String message) {

    public void write(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run_id", runId == null ? "" : runId);
        m.put("started", Timestamps.iso(started));
        m.put("finished", Timestamps.iso(finished));
        m.put("result", result);
        m.put("phase", phase);
        m.put("exit_code", Integer.toString(exitCode));
        m.put("message", message == null ? "" : message.replace('\n', ' '));
        StringBuilder out = new StringBuilder();
        m.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        StateFile.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    public static Optional<LastRun> read(Path file) {
        try {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return Optional.of(new LastRun(m.getOrDefault("run_id", ""), Instant.parse(m.get("started")),
                    Instant.parse(m.get("finished")), m.getOrDefault("result", "?"), m.getOrDefault("phase", "?"),
                    Integer.parseInt(m.getOrDefault("exit_code", "-1")), m.getOrDefault("message", "")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
