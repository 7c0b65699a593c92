package dev.baton.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The file that names the next phase, so that a reboot, a crash or {@code kill -9} resumes at the right place.
 *
 * <p>Format: the first line is the phase, exactly as the seeds' clients write it ({@code post_update}), so a
 * file they left behind is read unchanged. Baton adds {@code key=value} lines after it: {@code run_id=...}, one
 * {@code done=<script>} per script of that phase that already exited 0, while a script of the phase runs
 * {@code running=<script>}, {@code running_pgid=}, {@code running_start_ticks=}, {@code running_boot_id=} and
 * {@code running_since=} ({@link RunningScript}), and while a reboot is pending
 * {@code reboot_boot_id=<the boot id when the reboot command ran>}. No file means {@code needs_update}.
 *
 * <p>Crash safety: every write goes to a temporary file in the same directory, is fsync'ed, renamed over the
 * state file (atomic on POSIX file systems), and the directory is fsync'ed; a reader therefore sees the old
 * state or the new one, never a mix. A file that is not a valid state (garbage, truncated by another tool,
 * an unknown phase) is never guessed at: {@link #read()} moves it aside to {@code <state>.bad-<time>} and throws,
 * and nothing else is touched.
 */
public final class StateFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path path;
    private final Clock clock;

    public StateFile(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    public Path path() {
        return path;
    }

    /** The state, or empty when there is no file (nothing in progress); a bad file is moved aside. */
    public Optional<RunState> read() throws IOException, StateFileException {
        return read(true);
    }

    /** Like {@link #read()} but leaves a bad file where it is (for {@code status} and {@code plan}). */
    public Optional<RunState> peek() throws IOException, StateFileException {
        return read(false);
    }

    private Optional<RunState> read(boolean moveBadFile) throws IOException, StateFileException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String problem;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            RunStateOrProblem parsed = parse(text);
            if (parsed.state != null) {
                return Optional.of(parsed.state);
            }
            problem = parsed.problem;
        } catch (CharacterCodingException e) {
            problem = "it is not text (not valid UTF-8)";
        }
        if (!moveBadFile) {
            throw new StateFileException("the state file " + path + " is not valid: " + problem, null);
        }
        Path aside = path.resolveSibling(path.getFileName() + ".bad-" + STAMP.format(clock.instant()));
        Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        throw new StateFileException("the state file " + path + " is not valid: " + problem + ". It was moved to " + aside
                + " for inspection and nothing else was changed. If this host may hold its lock, check it on the lock "
                + "server; the next run starts again with needs_update.", aside);
    }

    private record RunStateOrProblem(RunState state, String problem) {
    }

    private static RunStateOrProblem parse(String text) {
        if (text.isBlank()) {
            return new RunStateOrProblem(null, "it is empty");
        }
        String[] lines = text.split("\n");
        String first = lines[0].strip();
        Phase phase = Phase.fromStateName(first);
        if (phase == null) {
            return new RunStateOrProblem(null, "line 1 \"" + abbreviate(first) + "\" is not a phase (expected one of "
                    + Phase.stateNames() + ")");
        }
        String runId = null;
        String rebootBootId = null;
        List<String> done = new ArrayList<>();
        Map<String, String> running = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            switch (key) {
                case "run_id" -> runId = value;
                case "done" -> done.add(value);
                case "reboot_boot_id" -> rebootBootId = value.isEmpty() ? null : value;
                case "running", "running_pgid", "running_start_ticks", "running_boot_id", "running_since" -> running.put(key, value);
                case "updated" -> {
                    // informational
                }
                default -> {
                    return new RunStateOrProblem(null, "line " + (i + 1) + " \"" + abbreviate(line) + "\" is not understood");
                }
            }
        }
        RunningScript script = null;
        if (!running.isEmpty()) {
            try {
                script = new RunningScript(Objects.requireNonNull(running.get("running")), Long.parseLong(running.get("running_pgid")),
                        Long.parseLong(running.get("running_start_ticks")), running.get("running_boot_id"),
                        Instant.parse(running.get("running_since")));
            } catch (RuntimeException e) {
                return new RunStateOrProblem(null, "the record of the running script (running=, running_pgid=, "
                        + "running_start_ticks=, running_since=) is incomplete or not valid");
            }
        }
        return new RunStateOrProblem(new RunState(phase, runId, done, script, rebootBootId), null);
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 37) + "..." : printable;
    }

    /** Replaces the state atomically and durably (temporary file, fsync, rename, fsync of the directory). */
    public void write(RunState state) throws IOException {
        StringBuilder text = new StringBuilder(state.next().stateName()).append('\n');
        if (state.runId() != null) {
            text.append("run_id=").append(state.runId()).append('\n');
        }
        for (String d : state.done()) {
            text.append("done=").append(d).append('\n');
        }
        RunningScript r = state.running();
        if (r != null) {
            text.append("running=").append(r.script()).append("\nrunning_pgid=").append(r.pgid())
                    .append("\nrunning_start_ticks=").append(r.startTicks()).append('\n');
            if (r.bootId() != null) {
                text.append("running_boot_id=").append(r.bootId()).append('\n');
            }
            text.append("running_since=").append(r.since()).append('\n');
        }
        if (state.rebootBootId() != null) {
            text.append("reboot_boot_id=").append(state.rebootBootId()).append('\n');
        }
        text.append("updated=").append(clock.instant()).append('\n');
        writeAtomically(path, text.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** Removes the state (the run is over); durable once this returns. */
    public void delete() throws IOException {
        if (Files.deleteIfExists(path)) {
            syncDirectory();
        }
    }

    private void syncDirectory() throws IOException {
        syncDirectory(path);
    }

    /**
     * Writes {@code bytes} to {@code target} so that readers see the old content or the new, never a mix.
     *
     * @param durable fsync the file and its directory (the state file); false for records that may be lost
     */
    public static void writeAtomically(Path target, byte[] bytes, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            if (durable) {
                ch.force(true);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            syncDirectory(target);
        }
    }

    private static void syncDirectory(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }
}
