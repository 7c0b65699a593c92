package dev.baton.bench;

import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeyStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The benches keep their signing keys in memory; the SQL stores are tested elsewhere. */
final class MemorySigningKeyStore implements SigningKeyStore {
    private final Map<String, StoredKey> keys = new ConcurrentHashMap<>();

    @Override
    public boolean insert(StoredKey key) {
        return keys.putIfAbsent(key.key().name(), key) == null;
    }

    @Override
    public Optional<StoredKey> find(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    @Override
    public List<SigningKey> list() {
        return keys.values().stream().map(StoredKey::key).toList();
    }
}
