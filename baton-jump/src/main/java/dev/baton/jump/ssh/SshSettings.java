package dev.baton.jump.ssh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the Baton side connects to the hosts. Every setting has a default, so {@code new SshSettings(null, null, null,
 * null)} connects like {@code ssh} would for the user running Baton (without its agent and its config file).
 *
 * <p>Keys: with neither a key file nor an agent, the default key file; with an agent only, the agent's keys only (no
 * default key file is read); with both, the agent's keys first, then the key file's (OpenSSH's order; a key held by
 * both is offered once).
 *
 * @param identity the private key file (OpenSSH or PEM format, ed25519, ECDSA or RSA, not passphrase-protected);
 *        {@code null}: none when an agent is given, else the first of {@code ~/.ssh/id_ed25519}, {@code id_ecdsa},
 *        {@code id_rsa} of the user running Baton
 * @param knownHosts the OpenSSH {@code known_hosts} file the host keys are checked against (plain or hashed
 *        entries, {@code [host]:port} for other ports); {@code null}: {@code ~/.ssh/known_hosts}. An operator adds
 *        keys ({@code ssh-keyscan}); Baton writes it only to replace a host's key by the one a recipe declared
 *        ({@code jump(hostkey, ...)}) once the host presented it.
 * @param connectTimeout how long a connection (TCP, key exchange, authentication) may take; {@code null}: 30 s
 * @param keepAlive the interval of SSH keep-alive messages, so that a host that vanished without closing the
 *        connection (network lost, hard reset) is noticed; {@code null}: 15 s; {@link Duration#ZERO}: none
 * @param agentSocket the Unix-domain socket of a running ssh-agent whose keys are offered ({@code SSH_AUTH_SOCK});
 *        {@code null}: no agent. Spoken to with the JDK's own sockets, no native library.
 */
public record SshSettings(Path identity, Path knownHosts, Duration connectTimeout, Duration keepAlive,
        Path agentSocket) {

    /** The default of {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** The default of {@link #keepAlive()}. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

    private static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public SshSettings {
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new IllegalArgumentException("the SSH connect timeout must be positive, not " + connectTimeout);
        }
        if (keepAlive != null && keepAlive.isNegative()) {
            throw new IllegalArgumentException("the SSH keep-alive interval must not be negative: " + keepAlive);
        }
    }

    /** Without an agent. */
    public SshSettings(Path identity, Path knownHosts, Duration connectTimeout, Duration keepAlive) {
        this(identity, knownHosts, connectTimeout, keepAlive, null);
    }

    /** All defaults. */
    public static SshSettings defaults() {
        return new SshSettings(null, null, null, null);
    }

    /**
     * The agent socket an option names: {@code value} itself, or when it is empty (the option given without a
     * socket) {@code sshAuthSock}, the environment's {@code SSH_AUTH_SOCK}.
     *
     * @throws IllegalArgumentException naming {@code option} when neither gives a socket
     */
    public static Path agentSocket(String option, String value, String sshAuthSock) {
        if (value != null && !value.isBlank()) {
            return Path.of(value.strip());
        }
        if (sshAuthSock == null || sshAuthSock.isBlank()) {
            throw new IllegalArgumentException(option + " without a socket uses the ssh-agent that SSH_AUTH_SOCK "
                    + "names, but SSH_AUTH_SOCK is not set: run Baton where it is set (eval $(ssh-agent), then ssh-add "
                    + "KEYFILE)");
        }
        return Path.of(sshAuthSock.strip());
    }

    /** Whether a key file is used: one was given, or no agent was (then the default one). */
    public boolean usesKeyFile() {
        return identity != null || agentSocket == null;
    }

    /** The key file to use: the configured one, else the first default one that exists (else {@code ~/.ssh/id_ed25519}). */
    public Path identityFile() {
        if (identity != null) {
            return identity;
        }
        Path dir = sshDirectory();
        return DEFAULT_IDENTITIES.stream().map(dir::resolve).filter(Files::isRegularFile).findFirst()
                .orElse(dir.resolve(DEFAULT_IDENTITIES.getFirst()));
    }

    /** The known_hosts file to check against. */
    public Path knownHostsFile() {
        return knownHosts != null ? knownHosts : sshDirectory().resolve("known_hosts");
    }

    /** The connect timeout, defaulted. */
    public Duration connectTimeoutOrDefault() {
        return Objects.requireNonNullElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
    }

    /** The keep-alive interval, defaulted ({@link Duration#ZERO}: none). */
    public Duration keepAliveOrDefault() {
        return Objects.requireNonNullElse(keepAlive, DEFAULT_KEEP_ALIVE);
    }

    private static Path sshDirectory() {
        return Path.of(System.getProperty("user.home"), ".ssh");
    }
}
