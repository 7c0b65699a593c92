package dev.baton.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A table with one row per figure and one column per store, and the list of targets. */
final class Report {

    private final List<String> columns;
    private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();

    Report(List<String> columns) {
        this.columns = columns;
    }

    void put(String row, String column, String value) {
        rows.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(column, value);
    }

    void section(String title) {
        rows.put("## " + title, new LinkedHashMap<>());
    }

    void target(boolean met, String text) {
        targets.add((met ? "[MET ] " : "[MISS] ") + text);
    }

    /** A figure printed with the targets for comparison, which is not itself a target. */
    void reference(String text) {
        targets.add("[REF ] " + text);
    }

    void targetUnknown(String text) {
        targets.add("[ -- ] " + text);
    }

    String render() {
        int first = rows.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        int width = Math.max(24, rows.values().stream().flatMap(r -> r.values().stream())
                .mapToInt(v -> v.length() + 2).max().orElse(0));
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", first));
        columns.forEach(c -> sb.append(pad(c, width)));
        sb.append('\n').append("-".repeat(first + width * columns.size())).append('\n');
        rows.forEach((name, values) -> {
            if (name.startsWith("## ")) {
                sb.append(name.substring(3)).append('\n');
                return;
            }
            sb.append(pad("  " + name, first));
            columns.forEach(c -> sb.append(pad(values.getOrDefault(c, "-"), width)));
            sb.append('\n');
        });
        sb.append('\n').append("Targets (issue 2, Performance):\n");
        targets.forEach(t -> sb.append("  ").append(t).append('\n'));
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    static String ms(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : v < 100 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }
}
