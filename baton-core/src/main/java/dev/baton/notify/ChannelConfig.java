package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.net.URI;
import java.util.List;

/** Where and how a channel delivers: by mail ({@link Email}) or to a web hook ({@link Webhook}). */
public sealed interface ChannelConfig {

    /** {@code email} or {@code webhook}. */
    String type();

    /** The secret the channel holds, to show as set or not set. */
    Secret secret();

    /**
     * Mail through an SMTP server.
     *
     * @param startTls {@code true}: the connection must be upgraded with STARTTLS before anything is sent, and a
     *                 server that does not offer it is a failed send; {@code false}: plain SMTP (a relay on the host)
     * @param user     the AUTH user, or null for none
     * @param password the AUTH password
     */
    record Email(String host, int port, boolean startTls, String user, Secret password, String from, List<String> to)
            implements ChannelConfig {
        public Email {
            if (host == null || host.isBlank()) {
                throw new BadRequestException("an email channel needs the SMTP server's host name ('host')");
            }
            if (port < 1 || port > 65535) {
                throw new BadRequestException("'port' must be between 1 and 65535 (587 for STARTTLS, 25 for a relay), got " + port);
            }
            if (from == null || !from.contains("@")) {
                throw new BadRequestException("an email channel needs a sender address ('from'), e.g. baton@example.com");
            }
            if (to == null || to.isEmpty() || to.stream().anyMatch(a -> a == null || !a.contains("@"))) {
                throw new BadRequestException("an email channel needs one or more recipient addresses ('to')");
            }
            user = user == null || user.isBlank() ? null : user;
            password = password == null ? Secret.NONE : password;
            if (user != null && !password.isSet()) {
                throw new BadRequestException("an email channel with a 'user' needs its 'password' too");
            }
            to = List.copyOf(to);
        }

        @Override
        public String type() {
            return "email";
        }

        @Override
        public Secret secret() {
            return password;
        }
    }

    /**
     * A JSON POST, signed with HMAC-SHA256 under {@code secret} (see docs/notifications.md).
     *
     * @param url http or https
     */
    record Webhook(URI url, Secret secret) implements ChannelConfig {
        public Webhook {
            if (url == null || url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw new BadRequestException("a webhook channel needs an http:// or https:// 'url' with a host");
            }
            if (secret == null || !secret.isSet() || secret.value().length() < 16) {
                throw new BadRequestException("a webhook channel needs a signing 'secret' of at least 16 characters");
            }
        }

        @Override
        public String type() {
            return "webhook";
        }
    }
}
