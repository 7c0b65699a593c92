package dev.baton.store;

import dev.baton.auth.AuthStore;
import dev.baton.auth.Credential;
import dev.baton.auth.Role;
import dev.baton.auth.User;
import dev.baton.store.sql.Rows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Users and API credentials, in the same database as the locks. Secrets arrive here already hashed. */
public final class SqlAuthStore implements AuthStore {

    private final Database db;

    public SqlAuthStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<User> user(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM users WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> new User(rs.getString("name"), Role.parse(rs.getString("role")),
                        rs.getString("password_hash"), Rows.instant(rs, "created_at")))
                .findOne());
    }

    @Override
    public List<User> users() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM users ORDER BY name")
                .map((rs, ctx) -> new User(rs.getString("name"), Role.parse(rs.getString("role")),
                        rs.getString("password_hash"), Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public boolean createUser(User user) {
        return db.writes().inTransaction(h -> h.createUpdate("INSERT INTO users (name, role, password_hash, created_at) "
                        + "VALUES (:name, :role, :hash, :at) ON CONFLICT (name) DO NOTHING")
                .bind("name", user.name()).bind("role", user.role().wireName()).bind("hash", user.passwordHash())
                .bind("at", user.createdAt().toEpochMilli()).execute()) == 1;
    }

    @Override
    public void setPassword(String name, String passwordHash) {
        db.writes().inTransaction(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE name = :name")
                .bind("hash", passwordHash).bind("name", name).execute());
    }

    @Override
    public boolean replacePasswordHash(String name, String expected, String passwordHash) {
        return db.writes().inTransaction(h -> h.createUpdate(
                        "UPDATE users SET password_hash = :hash WHERE name = :name AND password_hash = :expected")
                .bind("hash", passwordHash).bind("name", name).bind("expected", expected).execute()) == 1;
    }

    @Override
    public boolean replaceSecretHash(String id, String expected, String secretHash) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE credentials SET secret_hash = :hash "
                        + "WHERE id = :id AND secret_hash = :expected AND revoked_at IS NULL")
                .bind("hash", secretHash).bind("id", id).bind("expected", expected).execute()) == 1;
    }

    @Override
    public Optional<Credential> credential(String id) {
        return db.jdbi().withHandle(h -> {
            Set<String> holders = new HashSet<>(h.createQuery("SELECT holder FROM credential_holders WHERE credential_id = :id")
                    .bind("id", id).mapTo(String.class).list());
            return h.createQuery("SELECT * FROM credentials WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> credential(rs, holders)).findOne();
        });
    }

    @Override
    public List<Credential> credentials() {
        return db.jdbi().withHandle(h -> {
            Map<String, Set<String>> holders = new HashMap<>();
            h.createQuery("SELECT credential_id, holder FROM credential_holders")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> holders.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
            return new ArrayList<>(h.createQuery("SELECT * FROM credentials ORDER BY created_at, id")
                    .map((rs, ctx) -> credential(rs, holders.getOrDefault(rs.getString("id"), Set.of()))).list());
        });
    }

    @Override
    public void createCredential(Credential c) {
        db.writes().inTransaction(h -> {
            h.createUpdate("INSERT INTO credentials (id, name, role, secret_hash, created_at) VALUES (:id, :name, :role, :hash, :at)")
                    .bind("id", c.id()).bind("name", c.name()).bind("role", c.role().wireName())
                    .bind("hash", c.secretHash()).bind("at", c.createdAt().toEpochMilli()).execute();
            for (String holder : c.holders()) {
                h.createUpdate("INSERT INTO credential_holders (credential_id, holder) VALUES (:id, :holder)")
                        .bind("id", c.id()).bind("holder", holder).execute();
            }
            return null;
        });
    }

    @Override
    public boolean revokeCredential(String id, Instant at) {
        return db.writes().inTransaction(h -> h.createUpdate(
                        "UPDATE credentials SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli()).bind("id", id).execute()) == 1;
    }

    private static Credential credential(java.sql.ResultSet rs, Set<String> holders) throws java.sql.SQLException {
        return new Credential(rs.getString("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                Set.copyOf(holders), rs.getString("secret_hash"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "revoked_at"));
    }
}
