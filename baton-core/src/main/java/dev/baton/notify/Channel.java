package dev.baton.notify;

import dev.baton.lock.BadRequestException;

/**
 * A named way out: an SMTP server with its recipients, or a web hook.
 *
 * @param id assigned by the store; 0 before it is stored
 */
public record Channel(long id, String name, ChannelConfig config) {

    public Channel {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new BadRequestException("a channel name is 1 to 100 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (config == null) {
            throw new BadRequestException("a channel needs its settings");
        }
    }

    public Channel withId(long newId) {
        return new Channel(newId, name, config);
    }
}
