package dev.baton.pipeline.repository;

import java.util.Optional;

/**
 * The key id (16 upper-case hex digits) of a site signing key by its name: how a repository's {@code signWith}
 * is matched against the key that signed a package copy. The signing keys implement it.
 */
@FunctionalInterface
public interface SigningKeyIds {
    Optional<String> keyIdOf(String keyName);
}
