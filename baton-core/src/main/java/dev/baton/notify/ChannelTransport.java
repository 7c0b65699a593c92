package dev.baton.notify;

/**
 * Sends a message over a channel (SMTP, a web hook): implemented outside the domain, in baton-channels.
 * A return means the far side accepted it; anything else throws {@link DeliveryException} and the outbox
 * retries. Must give up within the transport's own timeout, well inside {@link NotifierSettings#lease()}.
 */
@FunctionalInterface
public interface ChannelTransport {
    void send(Channel channel, Message message);
}
