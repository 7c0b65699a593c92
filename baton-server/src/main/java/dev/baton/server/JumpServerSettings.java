package dev.baton.server;

import java.nio.file.Path;

/**
 * How the server reaches hosts for release jumps, and where it keeps their logs. Options of {@code baton server}.
 *
 * @param sshKey       {@code --jump-ssh-key}: the private key Baton logs in to the hosts with (as root). Default:
 *                     {@code ~/.ssh/id_ed25519} or {@code ~/.ssh/id_rsa} of the server's user; none when
 *                     {@code sshAgent} is given.
 * @param knownHosts   {@code --jump-known-hosts}: the hosts' keys, checked at every connection (a recipe declares a
 *                     key change after a reboot with {@code jump(hostkey, ...)}). Default: {@code ~/.ssh/known_hosts}
 *                     of the server's user.
 * @param logDirectory {@code --jump-log-dir}: where each host's log ({@code %_LOGFILE%}) is written, one directory per
 *                     run. Default: {@code jump-logs} in the data directory.
 * @param sshAgent     {@code --jump-ssh-agent}: the Unix socket of an ssh-agent whose keys log in to the hosts (given
 *                     without a socket: {@code SSH_AUTH_SOCK}); with {@code sshKey} too its keys are offered first, then
 *                     the key file's; without, only the agent's. Default: none (no agent).
 */
public record JumpServerSettings(Path sshKey, Path knownHosts, Path logDirectory, Path sshAgent) {

    public static final JumpServerSettings DEFAULTS = new JumpServerSettings(null, null, null, null);

    /** The log directory, or its default under {@code dataDir}. */
    public Path logDirectoryOr(Path dataDir) {
        return logDirectory != null ? logDirectory : dataDir.resolve("jump-logs");
    }
}
