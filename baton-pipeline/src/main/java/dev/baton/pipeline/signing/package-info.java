/**
 * The site's keys and OpenPGP signatures. {@link dev.baton.pipeline.signing.SigningKeys} holds RSA and Ed25519
 * keys encrypted at rest with the server's passphrase, or refers to keys an external gpg agent holds
 * ({@link dev.baton.pipeline.signing.GpgAgentKey}); both sign through {@link dev.baton.pipeline.signing.KeySigner}; {@link dev.baton.pipeline.signing.RpmSigner} writes signed
 * copies of packages (header-only v4 signatures, as Koji keeps them: the unsigned original is never changed);
 * {@link dev.baton.pipeline.signing.PackageVerifier} checks a package's signature and digests against trusted
 * {@link dev.baton.pipeline.signing.PublicKeys}; {@link dev.baton.pipeline.signing.DetachedSignatures} signs and
 * checks {@code repomd.xml.asc}. What Baton signs is accepted by {@code rpmkeys --checksig}, {@code rpm -K}, dnf and
 * {@code gpg --verify}.
 */
package dev.baton.pipeline.signing;
