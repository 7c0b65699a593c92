package dev.baton.jump.ssh;

import java.time.Duration;

/** Durations in messages as an operator writes them: {@code 15m}, {@code 1h30m}, {@code 90s}, {@code 500ms}. */
final class DurationText {

    private DurationText() {
    }

    static String of(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || out.isEmpty()) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
