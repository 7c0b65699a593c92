package dev.baton.pipeline.remote;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * An upstream yum/dnf repository that Baton mirrors.
 *
 * @param name              the remote's name, as lock names are spelled ({@code upstream}, {@code rhel-9-baseos})
 * @param url               the repository's base URL (http or https), the directory holding {@code repodata/}
 * @param trustedKeys       the armored OpenPGP public keys a package must be signed by; empty: no package passes
 * @param repoGpgcheck      {@code repomd.xml} must carry a valid {@code repomd.xml.asc} by one of {@code trustedKeys}
 * @param clientCertificate a PEM file with the TLS client certificate (and, unless {@code clientKey}, its key);
 *                          {@code null}: none
 * @param clientKey         a PEM file with the client certificate's private key; {@code null}: in the certificate file
 * @param proxy             an HTTP proxy ({@code http://host:port}); {@code null}: direct
 * @param syncInterval      how often the server syncs it by itself; {@code null}: only on demand
 * @param advisories        where Red Hat CSAF 2.0 advisories for it are read (a directory or an http(s) URL);
 *                          {@code null}: only the remote's own {@code updateinfo.xml}
 * @param createdAt         when it was added
 * @param createdBy         who added it
 */
public record Remote(String name, URI url, String trustedKeys, boolean repoGpgcheck, Path clientCertificate,
                     Path clientKey, URI proxy, Duration syncInterval, String advisories, Instant createdAt,
                     String createdBy) {

    public Remote {
        trustedKeys = trustedKeys == null ? "" : trustedKeys;
    }
}
