package dev.baton.notify;

/**
 * A channel's secret (an SMTP password, a webhook's signing key). It must be usable, so it is stored as it is,
 * not hashed; {@link #toString()} hides it so that no log line or message built from a channel can show it.
 */
public record Secret(String value) {

    public static final Secret NONE = new Secret(null);

    public boolean isSet() {
        return value != null && !value.isEmpty();
    }

    @Override
    public String toString() {
        return isSet() ? "(set)" : "(not set)";
    }
}
