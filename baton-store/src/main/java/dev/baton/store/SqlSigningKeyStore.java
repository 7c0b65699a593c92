package dev.baton.store;

import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeyStore;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The site's signing keys (migration V12); the secret key arrives encrypted and is stored as given. */
public final class SqlSigningKeyStore implements SigningKeyStore {

    private final Database db;

    public SqlSigningKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insert(StoredKey stored) {
        SigningKey k = stored.key();
        return db.writes().inTransaction(h -> h.createUpdate("INSERT INTO signing_keys "
                        + "(name, algorithm, key_id, fingerprint, user_id, created_at, public_key, secret_key, added_by, "
                        + "added_at) VALUES (:name, :algorithm, :keyId, :fingerprint, :userId, :created, :public, "
                        + ":secret, :by, :at) ON CONFLICT DO NOTHING")
                .bind("name", k.name()).bind("algorithm", k.algorithm().name()).bind("keyId", k.keyId())
                .bind("fingerprint", k.fingerprint()).bind("userId", k.userId())
                .bind("created", k.createdAt().toEpochMilli()).bind("public", k.publicKeyArmored())
                .bind("secret", stored.encryptedSecretKey()).bind("by", stored.addedBy())
                .bind("at", stored.addedAt().toEpochMilli()).execute()) == 1;
    }

    @Override
    public Optional<StoredKey> find(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM signing_keys WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new StoredKey(key(rs), rs.getString("secret_key"), rs.getString("added_by"),
                        Rows.instant(rs, "added_at")))
                .findOne());
    }

    @Override
    public List<SigningKey> list() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT name, algorithm, key_id, fingerprint, user_id, "
                        + "created_at, public_key FROM signing_keys ORDER BY name")
                .map((rs, ctx) -> key(rs)).list());
    }

    private static SigningKey key(ResultSet rs) throws SQLException {
        return new SigningKey(rs.getString("name"), SigningKey.Algorithm.valueOf(rs.getString("algorithm")),
                rs.getString("key_id"), rs.getString("fingerprint"), rs.getString("user_id"),
                Rows.instant(rs, "created_at"), rs.getString("public_key"));
    }
}
