package dev.baton.console.view;

import java.util.List;
import java.util.Map;

/**
 * The confirmation of an action: what it will change, the reason asked for, and the form that does it.
 *
 * @param action     the URL the confirmed form posts to
 * @param changes    what will change, one line each
 * @param hidden     fields carried over (the holder, the new slots, ...)
 * @param reasonRequired whether an empty reason is refused
 * @param cancel     where "cancel" goes back to
 * @param error      a message about the previous attempt (no reason given), or null
 * @param evidence   what the operator should see before deciding (a line's output so far), or null
 */
public record ConfirmView(String title, String action, List<String> changes, Map<String, String> hidden,
                          boolean reasonRequired, String reason, String cancel, String button, String error,
                          Evidence evidence) {

    /** Output to read before confirming: a heading and the text, shown as it was printed. */
    public record Evidence(String title, String text) {
    }

    public ConfirmView(String title, String action, List<String> changes, Map<String, String> hidden,
                       boolean reasonRequired, String reason, String cancel, String button, String error) {
        this(title, action, changes, hidden, reasonRequired, reason, cancel, button, error, null);
    }
}
