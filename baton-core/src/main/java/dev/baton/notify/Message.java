package dev.baton.notify;

import java.util.List;

/**
 * What a channel sends: one notice, or a digest of several.
 *
 * @param deliveryId the same on every try of this message, so that a receiver can drop a repeat
 * @param digest     the frequency, for a digest; {@link Frequency#IMMEDIATELY} for a single notice
 */
public record Message(String deliveryId, String subject, String text, Frequency digest, List<Notice> notices) {

    public Message {
        notices = List.copyOf(notices);
    }

    /** One notice on its own. */
    static Message of(String deliveryId, Notice n) {
        return new Message(deliveryId, "[Baton] " + n.title(), n.body().isEmpty() ? n.title() : n.title() + "\n\n" + n.body(),
                Frequency.IMMEDIATELY, List.of(n));
    }

    /** Several notices gathered by a digest rule. */
    static Message digest(String deliveryId, Frequency frequency, List<Notice> notices) {
        StringBuilder text = new StringBuilder();
        text.append(notices.size()).append(notices.size() == 1 ? " notification" : " notifications")
                .append(" (").append(frequency.wireName()).append(" digest):\n");
        for (Notice n : notices) {
            text.append("\n* ").append(n.at()).append("  ").append(n.title());
            if (!n.body().isEmpty()) {
                text.append("\n  ").append(n.body().replace("\n", "\n  "));
            }
        }
        return new Message(deliveryId, "[Baton] " + frequency.wireName() + " digest: " + notices.size()
                + (notices.size() == 1 ? " notification" : " notifications"), text.toString(), frequency, notices);
    }
}
