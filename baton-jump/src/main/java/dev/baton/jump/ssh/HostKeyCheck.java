package dev.baton.jump.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Decides whether a host's key is accepted, for one connection attempt: the key declared by a recipe when there is
 * one, else a {@code known_hosts} entry for the host and port. A rejection is remembered with the message the
 * operator sees ({@link #rejection()}), since MINA only reports "server key did not validate".
 *
 * <p>Deliberately strict: a host not in {@code known_hosts} is refused (never added), a changed key is refused, and a
 * declared key replaces {@code known_hosts} for that connection (a host still showing its old key after a reboot
 * that should have changed it did not boot the expected system).
 */
final class HostKeyCheck {

    /** The check of the connection being set up, handed to {@link #VERIFIER} through MINA's connection context. */
    static final AttributeKey<HostKeyCheck> KEY = new AttributeKey<>();

    /** The one verifier of the client: finds the connection's check in its context. */
    static final ServerKeyVerifier VERIFIER = HostKeyCheck::verify;

    private final HostAddress host;
    private final Path knownHosts;
    private final Optional<ExpectedHostKey> expected;
    private volatile String rejection;
    private volatile PublicKey declaredKeyAccepted;

    HostKeyCheck(HostAddress host, Path knownHosts, Optional<ExpectedHostKey> expected) {
        this.host = host;
        this.knownHosts = knownHosts;
        this.expected = expected;
    }

    /** The host's key, when it was accepted because the recipe declared it (not because known_hosts has it). */
    Optional<PublicKey> declaredKeyAccepted() {
        return Optional.ofNullable(declaredKeyAccepted);
    }

    /** Why the host's key was refused, if it was. */
    Optional<String> rejection() {
        return Optional.ofNullable(rejection);
    }

    private static boolean verify(ClientSession session, SocketAddress remote, PublicKey key) {
        HostKeyCheck check = session.getConnectionContext() == null ? null
                : session.getConnectionContext().getAttribute(KEY);
        return check != null && check.accepts(key);
    }

    boolean accepts(PublicKey offered) {
        String offeredPrint = ExpectedHostKey.fingerprintOf(offered);
        String what = host.name() + " (" + host.host() + ":" + host.port() + ")";
        String offeredText = KeyUtils.getKeyType(offered) + " key " + offeredPrint;
        if (expected.isPresent()) {
            if (expected.get().matches(offered)) {
                declaredKeyAccepted = offered;
                return true;
            }
            return reject("host key of " + what + " is not the key the recipe declared: the host offered "
                    + offeredText + ", the recipe expects " + expected.get().fingerprint() + " (jump(hostkey, ...)). "
                    + "The host may not have booted the system the recipe expects; check its console before "
                    + "declaring the offered key");
        }
        List<PublicKey> known;
        try {
            known = knownKeys();
        } catch (IOException | GeneralSecurityException e) {
            return reject("cannot read the known_hosts file " + knownHosts + " to check the host key of " + what
                    + ": " + e.getMessage());
        }
        if (known.stream().anyMatch(k -> KeyUtils.compareKeys(k, offered))) {
            return true;
        }
        if (known.isEmpty()) {
            String file = Files.exists(knownHosts) ? "the known_hosts file " + knownHosts
                    : "the known_hosts file " + knownHosts + " (which does not exist)";
            return reject("host key of " + what + " is unknown: " + file + " has no key for it; the host offered "
                    + offeredText + ". Compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub"
                    + " on its console), then add it: ssh-keyscan -p " + host.port() + " " + host.host() + " >> "
                    + knownHosts);
        }
        List<String> knownPrints = known.stream().map(ExpectedHostKey::fingerprintOf).toList();
        return reject("host key of " + what + " has CHANGED: the known_hosts file " + knownHosts + " has "
                + String.join(", ", knownPrints) + ", the host offered " + offeredText + ". If the host was "
                + "reinstalled or booted another system, declare its new key in the recipe (jump(hostkey, SHA256:... "
                + "or a .pub file)) or replace its line in known_hosts (ssh-keygen -R); otherwise someone may be "
                + "intercepting the connection");
    }

    private boolean reject(String message) {
        rejection = message;
        return false;
    }

    /** The keys known_hosts holds for the host and port (revoked and CA lines are not host keys). */
    private List<PublicKey> knownKeys() throws IOException, GeneralSecurityException {
        if (!Files.exists(knownHosts)) {
            return List.of();
        }
        List<PublicKey> keys = new ArrayList<>();
        for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(knownHosts)) {
            if (entry.getMarker() != null || entry.getKeyEntry() == null || !entry.isHostMatch(host.host(), host.port())) {
                continue;
            }
            PublicKey key = entry.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }
}
