package dev.baton.channels;

import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.ChannelTransport;
import dev.baton.notify.Message;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * The transports of Baton's notification channels, in one {@link ChannelTransport} for the
 * {@link dev.baton.notify.Notifier}: mail over SMTP ({@link SmtpTransport}) and signed web hooks
 * ({@link WebhookTransport}, {@link WebhookSignature}). A new kind of channel adds its transport here.
 */
public final class Channels implements ChannelTransport {

    private final SmtpTransport smtp;
    private final WebhookTransport webhook;

    /**
     * @param smtpCaFile PEM certificates of the CAs trusted for SMTP servers' certificates (STARTTLS); null for the
     *                   JVM's trust store
     */
    public Channels(InstantSource clock, Path smtpCaFile) {
        this.smtp = new SmtpTransport(smtpCaFile);
        this.webhook = new WebhookTransport(clock);
    }

    public Channels(InstantSource clock) {
        this(clock, null);
    }

    public Channels() {
        this(InstantSource.system());
    }

    @Override
    public void send(Channel channel, Message message) {
        switch (channel.config()) {
            case ChannelConfig.Email e -> smtp.send(e, message);
            case ChannelConfig.Webhook w -> webhook.send(w, message);
        }
    }
}
