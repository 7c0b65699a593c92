package dev.baton.jump.ssh;

import java.util.Objects;

/**
 * Where a host is: its name (the recipe's {@code _HOST}, used in logs, locks and the store) and how to reach it over
 * SSH.
 *
 * <p>{@link #parse} reads the forms an operator writes on the command line or in a hosts file: {@code name},
 * {@code name=host}, {@code name=host:port}, {@code name=user@host:port}, {@code user@host}, {@code host:port} and
 * IPv6 addresses in brackets ({@code [::1]:2222}). The user defaults to {@value #DEFAULT_USER}, the port to
 * {@value #DEFAULT_PORT}; without {@code name=} the name is the host.
 *
 * @param name what the recipe and the operator call the host ({@code _HOST})
 * @param host the DNS name or address to connect to, also the name looked up in {@code known_hosts}
 * @param port the SSH port, 1 to 65535
 * @param user the remote user (the jump's commands need root)
 */
public record HostAddress(String name, String host, int port, String user) {

    /** The user when none is given: the jump's commands (swapoff, mkfs, grub-install) need root. */
    public static final String DEFAULT_USER = "root";
    /** The port when none is given. */
    public static final int DEFAULT_PORT = 22;

    public HostAddress {
        requireWord(name, "host name");
        requireWord(host, "host address");
        requireWord(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of host " + name + " is not between 1 and 65535");
        }
    }

    /** A host reached as root on port 22 under its own name. */
    public static HostAddress of(String name) {
        return parse(name);
    }

    /**
     * Parses {@code [name=][user@]host[:port]}.
     *
     * @throws IllegalArgumentException naming the text and the form expected, when it is not one of the forms above
     */
    public static HostAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String spec = text.strip();
        String name = null;
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            name = spec.substring(0, eq).strip();
            spec = spec.substring(eq + 1).strip();
        }
        String user = DEFAULT_USER;
        int at = spec.lastIndexOf('@');
        if (at >= 0) {
            user = spec.substring(0, at);
            spec = spec.substring(at + 1);
        }
        String host = spec;
        int port = DEFAULT_PORT;
        try {
            if (spec.startsWith("[")) {
                int close = spec.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("no closing ]");
                }
                host = spec.substring(1, close);
                String rest = spec.substring(close + 1);
                if (!rest.isEmpty()) {
                    port = parsePort(rest);
                }
            } else if (spec.indexOf(':') >= 0 && spec.indexOf(':') == spec.lastIndexOf(':')) {
                host = spec.substring(0, spec.indexOf(':'));
                port = parsePort(spec.substring(spec.indexOf(':')));
            }
            return new HostAddress(name == null || name.isEmpty() ? host : name, host, port, user);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a host: write name, name=host:port or "
                    + "name=user@host:port (" + e.getMessage() + ")", e);
        }
    }

    /** {@code user@host:port} for messages. */
    public String target() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return user + "@" + h + ":" + port;
    }

    /** The form {@link #parse} reads back: {@code name=user@host:port}. */
    @Override
    public String toString() {
        return name + "=" + target();
    }

    private static int parsePort(String colonAndPort) {
        if (!colonAndPort.startsWith(":")) {
            throw new IllegalArgumentException("expected :port after the host");
        }
        try {
            return Integer.parseInt(colonAndPort.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + colonAndPort.substring(1) + "' is not a number");
        }
    }

    private static void requireWord(String value, String what) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " '" + value + "' is empty or contains white space");
        }
    }
}
