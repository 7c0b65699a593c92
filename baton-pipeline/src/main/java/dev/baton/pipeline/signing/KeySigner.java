package dev.baton.pipeline.signing;

/**
 * One of the site's keys ready to sign, wherever its secret part lives: decrypted in the server's memory
 * ({@link UnlockedKey}) or held by an external gpg agent ({@link GpgAgentKey}). {@link RpmSigner} and
 * {@link DetachedSignatures} sign through it and do not care which. {@link SigningKeys#forSigning} hands them out.
 */
public sealed interface KeySigner permits UnlockedKey, GpgAgentKey {

    /** The key's public description. */
    SigningKey key();

    /** The key id the signatures carry (the signing subkey's, when the key signs with one), 16 hex digits upper case. */
    String signingKeyId();

    /**
     * A binary v4 OpenPGP signature of type "binary document" with SHA-256 over exactly {@code data}, issued by
     * {@link #signingKeyId()}: what a package's header signature tag and {@code repomd.xml.asc} hold.
     *
     * @throws SigningException when the signature cannot be made; the message names the key and what to do, and
     *         nothing was signed
     */
    byte[] sign(byte[] data);
}
