package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time from {@code /proc}, to tell where the machine's two cores went during a measurement: the
 * Baton server, the store (PostgreSQL's processes), this driver, and everything else ("foreign": other
 * people's builds and tests on the same machine, which disturb the figures).
 */
final class Cpu {

    private static final double TICK = 100.0; // USER_HZ; getconf CLK_TCK is 100 on Linux/x86-64

    /**
     * A moment: machine busy, stolen and total ticks, and the CPU ticks of each named group of processes.
     * Steal is time the hypervisor gave this VM's CPUs to someone else; it counts as busy.
     */
    record Snapshot(long nanos, long machineBusy, long machineSteal, long machineTotal, Map<String, Long> groups,
                    Map<String, Long> systemTicks) {
    }

    /** Where the time went between two snapshots, in CPU seconds, and the machine busy share. */
    record Usage(double seconds, int cores, double machineBusySeconds, double stealSeconds, Map<String, Double> groupSeconds,
                 Map<String, Double> systemSeconds) {
        double group(String name) {
            return groupSeconds.getOrDefault(name, 0.0);
        }

        /** The part of a group's CPU time spent in the kernel (system calls: sockets, fsync). */
        double system(String name) {
            return systemSeconds.getOrDefault(name, 0.0);
        }

        /** Busy CPU time not spent by any measured group. */
        double foreignSeconds() {
            double ours = groupSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
            return Math.max(0, machineBusySeconds - ours);
        }

        /** Share of all cores that was busy, 0..1. */
        double machineBusyShare() {
            return machineBusySeconds / (seconds * cores);
        }

        /** Share of all cores the hypervisor took away (steal), 0..1: a VM's CPUs running someone else's work. */
        double stealShare() {
            return stealSeconds / (seconds * cores);
        }
    }

    /** Groups of processes, each a supplier of the pids that belong to it now. */
    private final Map<String, Supplier<List<Long>>> groups;

    Cpu(Map<String, Supplier<List<Long>>> groups) {
        this.groups = groups;
    }

    Snapshot snapshot() {
        long[] machine = machine();
        var ticks = new java.util.LinkedHashMap<String, Long>();
        var sys = new java.util.LinkedHashMap<String, Long>();
        groups.forEach((name, pids) -> {
            long total = 0;
            long system = 0;
            for (long pid : pids.get()) {
                long[] t = processTicks(pid);
                total += t[0] + t[1];
                system += t[1];
            }
            ticks.put(name, total);
            sys.put(name, system);
        });
        return new Snapshot(System.nanoTime(), machine[0], machine[1], machine[2], ticks, sys);
    }

    static Usage between(Snapshot a, Snapshot b) {
        double seconds = (b.nanos - a.nanos) / 1e9;
        long totalTicks = b.machineTotal - a.machineTotal;
        int cores = Runtime.getRuntime().availableProcessors();
        double busyShare = totalTicks <= 0 ? 0 : (double) (b.machineBusy - a.machineBusy) / totalTicks;
        double stealShare = totalTicks <= 0 ? 0 : (double) (b.machineSteal - a.machineSteal) / totalTicks;
        var groupSeconds = new java.util.LinkedHashMap<String, Double>();
        b.groups.forEach((name, ticks) -> groupSeconds.put(name, Math.max(0, ticks - a.groups.getOrDefault(name, 0L)) / TICK));
        var systemSeconds = new java.util.LinkedHashMap<String, Double>();
        b.systemTicks.forEach((name, ticks) -> systemSeconds.put(name, Math.max(0, ticks - a.systemTicks.getOrDefault(name, 0L)) / TICK));
        return new Usage(seconds, cores, busyShare * seconds * cores, stealShare * seconds * cores, groupSeconds, systemSeconds);
    }

    /** {busy, steal, total} ticks of all CPUs; iowait counts as idle, steal as busy. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[] {total - idle, steal, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0, 0};
        }
    }

    /** {utime, stime} of one process (all its threads), zeros when it is gone. */
    static long[] processTicks(long pid) {
        return statTicks(Path.of("/proc/" + pid + "/stat"));
    }

    /** {utime, stime} from a process's or a thread's {@code stat} file, zeros when it is gone. */
    private static long[] statTicks(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // The name in parentheses may hold spaces; the fields after it are fixed.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * CPU seconds used so far by the JIT compiler threads of a JVM ("C1 CompilerThread0", "C2 CompilerThread1", ...),
     * 0 when the process is gone. HotSpot starts and stops compiler threads as needed, so the sum can also fall.
     */
    static double compilerSeconds(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        long[] t = statTicks(task.resolve("stat"));
                        ticks += t[0] + t[1];
                    }
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks / TICK;
    }

    /** A process and all its descendants, or nothing when it is gone. */
    static List<Long> tree(long pid) {
        return ProcessHandle.of(pid)
                .map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()).map(ProcessHandle::pid).toList())
                .orElse(List.of());
    }

    /** This process's nice value (processes it starts inherit it). */
    static String niceness() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The load averages from {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
