package dev.baton.store;

import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeyStore;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The site's signing keys (migrations V12, V23): the secret key of a key the server holds arrives encrypted and is
 * stored as given; a key held by gpg is stored with its gpg reference and no secret key.
 */
public final class SqlSigningKeyStore implements SigningKeyStore {

    private final Database db;

    public SqlSigningKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean insert(StoredKey stored) {
        SigningKey k = stored.key();
        return db.writes().inTransaction(h -> h.createUpdate("INSERT INTO signing_keys "
                        + "(name, algorithm, key_id, fingerprint, user_id, created_at, public_key, secret_key, gpg_key, "
                        + "gpg_home, added_by, added_at) VALUES (:name, :algorithm, :keyId, :fingerprint, :userId, "
                        + ":created, :public, :secret, :gpgKey, :gpgHome, :by, :at) ON CONFLICT DO NOTHING")
                .bind("name", k.name()).bind("algorithm", k.algorithm().name()).bind("keyId", k.keyId())
                .bind("fingerprint", k.fingerprint()).bind("userId", k.userId())
                .bind("created", k.createdAt().toEpochMilli()).bind("public", k.publicKeyArmored())
                .bind("secret", stored.encryptedSecretKey())
                .bind("gpgKey", k.gpg() == null ? null : k.gpg().signingFingerprint())
                .bind("gpgHome", k.gpg() == null ? null : k.gpg().home()).bind("by", stored.addedBy())
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
                        + "created_at, public_key, gpg_key, gpg_home FROM signing_keys ORDER BY name")
                .map((rs, ctx) -> key(rs)).list());
    }

    private static SigningKey key(ResultSet rs) throws SQLException {
        String gpgKey = rs.getString("gpg_key");
        return new SigningKey(rs.getString("name"), SigningKey.Algorithm.valueOf(rs.getString("algorithm")),
                rs.getString("key_id"), rs.getString("fingerprint"), rs.getString("user_id"),
                Rows.instant(rs, "created_at"), rs.getString("public_key"),
                gpgKey == null ? null : new SigningKey.GpgReference(gpgKey, rs.getString("gpg_home")));
    }
}
