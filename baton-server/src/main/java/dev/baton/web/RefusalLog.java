package dev.baton.web;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's trace of who was turned away at the gate, and of hosts it let in by themselves: one log line per
 * {@link Kind}, naming the client's address (as {@code --trusted-proxies} finds it) and who the caller said it was,
 * never a secret.
 *
 * <p>A client that retries, or someone guessing, would fill the log, so each kind and address gets at most one line
 * per {@link #WINDOW}; the first line after a quiet window says how many were left out before it. At most
 * {@link #MAX_ADDRESSES} windows are kept; past that the ones already over are forgotten (with their counts).
 */
public final class RefusalLog {

    /** What happened. Refusals are warnings; an automatic registration is information. */
    public enum Kind {
        /** A client certificate (verified by the client CA) whose CN is no known host: 401. */
        UNKNOWN_CERTIFICATE("refused: unknown client certificate", true),
        /** A user or credential that does not exist, is revoked, or came with the wrong password or secret: 401. */
        WRONG_CREDENTIALS("refused: wrong credentials", true),
        /** A host barred from update locks ({@code can_acquire_update_locks=false}) asked for one. */
        HOST_DENIED("refused: host may not take update locks", true),
        /** An unknown client certificate registered its host ({@code --auto-register-hosts}). */
        HOST_REGISTERED("host registered automatically", false);

        private final String text;
        private final boolean refusal;

        Kind(String text, boolean refusal) {
            this.text = text;
            this.refusal = refusal;
        }
    }

    /** At most one line per kind and address within this time. */
    public static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private record Key(Kind kind, String address) {
    }

    /** One kind and address: when its current window opened, and how many lines it left out since. */
    private static final class Window {
        long openedAt;
        int suppressed;
    }

    private final InstantSource clock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    public RefusalLog(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Logs what happened unless a line of this kind for this address was logged within the window.
     *
     * @param detail who the caller said it was, for people: no secret, and what the client sent passed through
     *               {@link #printable}
     */
    public void note(Kind kind, String address, String detail) {
        long now = clock.millis();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.openedAt >= WINDOW.toMillis());
        }
        Window window = windows.computeIfAbsent(new Key(kind, address), k -> new Window());
        int leftOut;
        synchronized (window) {
            if (window.openedAt != 0 && now - window.openedAt < WINDOW.toMillis()) {
                window.suppressed++;
                return;
            }
            leftOut = window.suppressed;
            window.openedAt = now;
            window.suppressed = 0;
        }
        String suffix = leftOut == 0 ? "" : " (" + leftOut + " more like it from this address in the minute before, not logged)";
        if (kind.refusal) {
            log.warn("{} from {}: {}{}", kind.text, address, detail, suffix);
        } else {
            log.info("{} from {}: {}{}", kind.text, address, detail, suffix);
        }
    }

    /** What a client sent, made safe for one log line: control characters replaced, at most 100 characters. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), 101));
        for (int i = 0; i < text.length() && clean.length() < 100; i++) {
            char c = text.charAt(i);
            clean.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (text.length() > 100) {
            clean.append('…');
        }
        return clean.toString();
    }
}
