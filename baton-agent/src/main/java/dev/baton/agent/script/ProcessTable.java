package dev.baton.agent.script;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What {@code /proc} says of processes and process groups, read without native code.
 *
 * <p>A process group is identified by its id <em>and</em> the start time of its leader (clock ticks since boot, field
 * 22 of {@code /proc/<pid>/stat}): pids are reused, and a group of the same id started later is another group. While
 * any process of a group lives, the kernel does not hand its id to a new process, so the group is alive exactly when
 * its leader lives with the recorded start time, or, the leader gone, processes of that group id remain that started
 * after it. A zombie (ended, not yet collected by its parent, which may be an init that never collects) counts as
 * ended.
 */
public final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

    private ProcessTable() {
    }

    /** One line of {@code /proc/<pid>/stat}: the fields the agent uses. */
    record Stat(long pid, char state, long pgrp, long startTicks) {
        /** A zombie ({@code Z}) or dead ({@code X}) process has ended; only its parent has not collected it yet. */
        boolean ended() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    /** When process {@code pid} started, in clock ticks since boot; empty when there is no such process. */
    public static OptionalLong startTicks(long pid) {
        Stat s = stat(PROC.resolve(Long.toString(pid)));
        return s == null ? OptionalLong.empty() : OptionalLong.of(s.startTicks());
    }

    /** Whether the process group {@code pgid}, whose leader started at {@code leaderStartTicks}, has a process left. */
    public static boolean groupAlive(long pgid, long leaderStartTicks) {
        Stat leader = stat(PROC.resolve(Long.toString(pgid)));
        if (leader != null && leader.startTicks() != leaderStartTicks) {
            return false; // the id was reused: ours is gone
        }
        if (leader != null && !leader.ended() && leader.pgrp() == pgid) {
            return true;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC)) {
            for (Path p : all) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                Stat s = stat(p);
                if (s != null && !s.ended() && s.pgrp() == pgid && s.startTicks() >= leaderStartTicks) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Reads {@code <dir>/stat}; null when the process is gone or the line is not understood. The command name (field
     * 2) is in parentheses and may hold spaces and parentheses itself, so the fields are counted after the last ')'.
     */
    static Stat stat(Path dir) {
        String line;
        try {
            line = Files.readString(dir.resolve("stat"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return parse(line);
    }

    static Stat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            return null;
        }
        String[] f = line.substring(close + 1).strip().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        if (f.length < 20) {
            return null;
        }
        try {
            return new Stat(Long.parseLong(line.substring(0, open).strip()), f[0].isEmpty() ? '?' : f[0].charAt(0),
                    Long.parseLong(f[5 - 3]), Long.parseLong(f[22 - 3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
