package dev.baton.pipeline.remote;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.SigningException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The remotes: added, listed, changed, removed, each checked before anything is stored. Syncing is not here: a sync
 * is a job that reads a remote and records its {@link RemoteSyncState} through {@link #recordSync}.
 *
 * <p>Checks: the name is spelled as a lock name (a remote's sync runs under a lock named after it); the URL is
 * {@code http} or {@code https} with a host and no user name or password in it (the store keeps URLs in clear;
 * use a client certificate); the proxy is an {@code http} URL with a host and port; a client certificate and key
 * are readable files and the key is not readable by group or others; the sync interval is at least a minute;
 * the trusted keys, if given, are armored OpenPGP public keys that can be read.
 */
public final class Remotes {

    /** A sync more often than this would mostly re-read an unchanged {@code repomd.xml}. */
    public static final Duration MIN_SYNC_INTERVAL = Duration.ofMinutes(1);

    private final RemoteStore store;
    private final InstantSource clock;

    public Remotes(RemoteStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Adds a remote. {@code createdAt} and {@code createdBy} of {@code spec} are ignored: now and {@code actor}.
     *
     * @throws BadRequestException   a setting is wrong; the message names it and what to do
     * @throws RemoteExistsException one of that name exists
     */
    public Remote add(Remote spec, String actor) {
        Remote remote = checked(spec, clock.instant(), actor);
        if (!store.insert(remote)) {
            throw new RemoteExistsException(remote.name());
        }
        return remote;
    }

    /** Changes a remote's settings; its name, creation time and creator stay. */
    public Remote change(Remote spec) {
        Remote existing = get(spec.name());
        Remote remote = checked(spec, existing.createdAt(), existing.createdBy());
        if (!store.update(remote)) {
            throw new RemoteNotFoundException(spec.name());
        }
        return remote;
    }

    public Remote get(String name) {
        return store.find(name).orElseThrow(() -> new RemoteNotFoundException(name));
    }

    public List<Remote> list() {
        return store.list();
    }

    /** Removes a remote. What was mirrored from it stays in the content store and in the repositories. */
    public void remove(String name) {
        if (!store.delete(name)) {
            throw new RemoteNotFoundException(name);
        }
    }

    public void recordSync(RemoteSyncState state) {
        store.recordSync(state);
    }

    public Optional<RemoteSyncState> lastSync(String name) {
        get(name);
        return store.lastSync(name);
    }

    private static Remote checked(Remote spec, Instant createdAt, String createdBy) {
        String name = Names.lockName(spec.name());
        URI url = baseUrl(spec.url());
        URI proxy = spec.proxy() == null ? null : proxy(spec.proxy());
        Path certificate = spec.clientCertificate() == null ? null : readable(spec.clientCertificate(), "client certificate");
        Path key = spec.clientKey() == null ? null : privateKey(spec.clientKey());
        if (key != null && certificate == null) {
            throw new BadRequestException("a client key was given without a client certificate: give both");
        }
        if (spec.syncInterval() != null && spec.syncInterval().compareTo(MIN_SYNC_INTERVAL) < 0) {
            throw new BadRequestException("sync interval must be at least " + MIN_SYNC_INTERVAL.toMinutes()
                    + " minute, got " + spec.syncInterval() + "; leave it out to sync only on demand");
        }
        String keys = spec.trustedKeys().strip();
        if (!keys.isEmpty()) {
            try {
                PublicKeys.readArmored(keys);
            } catch (SigningException e) {
                throw new BadRequestException("the remote's trusted keys cannot be read: " + e.getMessage());
            }
        }
        if (spec.repoGpgcheck() && keys.isEmpty()) {
            throw new BadRequestException("repo_gpgcheck needs the key that signs repomd.xml: give the remote's keys");
        }
        String advisories = spec.advisories() == null || spec.advisories().isBlank() ? null : spec.advisories().strip();
        return new Remote(name, url, keys, spec.repoGpgcheck(), certificate, key, proxy, spec.syncInterval(),
                advisories, createdAt, createdBy);
    }

    private static URI baseUrl(URI url) {
        if (url == null) {
            throw new BadRequestException("the remote's URL is missing");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new BadRequestException("the remote's URL must begin with http:// or https://, got " + url);
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new BadRequestException("the remote's URL has no host: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new BadRequestException("the remote's URL contains a user name or password, which would be stored "
                    + "in clear: use a client certificate (--client-cert) instead");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new BadRequestException("the remote's URL must be the repository's directory, without ?query or #fragment: "
                    + url);
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/"; // relative hrefs (repodata/repomd.xml, Packages/x.rpm) resolve below it
        }
        try {
            return new URI(scheme, null, url.getHost(), url.getPort(), null, null, null).resolve(path);
        } catch (URISyntaxException e) {
            throw new BadRequestException("the remote's URL is not valid: " + e.getMessage());
        }
    }

    private static URI proxy(URI proxy) {
        if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null || proxy.getPort() < 0) {
            throw new BadRequestException("the proxy must be given as http://HOST:PORT, got " + proxy);
        }
        return proxy;
    }

    private static Path readable(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadRequestException("the " + what + " " + file + " is not a readable file");
        }
        return file.toAbsolutePath();
    }

    private static Path privateKey(Path file) {
        Path key = readable(file, "client key");
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new BadRequestException("the client key " + key + " is readable by others: chmod 600 " + key);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
        return key;
    }
}
