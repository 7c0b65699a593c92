package dev.baton.store;

import dev.baton.auth.AuthStore;
import dev.baton.auth.Credential;
import dev.baton.auth.Role;
import dev.baton.auth.User;
import dev.baton.store.sql.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** Users and API credentials, in the same database as the locks. Secrets arrive here already hashed. */
public final class SqlAuthStore implements AuthStore {

    private final Database db;

    public SqlAuthStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<User> user(String name) {
        return db.jdbi().withHandle(h -> {
            Set<String> scopes = new HashSet<>(h.createQuery("SELECT pattern FROM user_scopes WHERE user_name = :name")
                    .bind("name", name).mapTo(String.class).list());
            return h.createQuery("SELECT * FROM users WHERE name = :name").bind("name", name)
                    .map((rs, ctx) -> user(rs, scopes)).findOne();
        });
    }

    @Override
    public List<User> users() {
        return db.jdbi().withHandle(h -> {
            Map<String, Set<String>> scopes = grouped(h, "SELECT user_name, pattern FROM user_scopes");
            return new ArrayList<>(h.createQuery("SELECT * FROM users ORDER BY name")
                    .map((rs, ctx) -> user(rs, scopes.getOrDefault(rs.getString("name"), Set.of()))).list());
        });
    }

    @Override
    public boolean createUser(User user) {
        return db.writes().inTransaction(h -> {
            boolean created = h.createUpdate("INSERT INTO users (name, role, password_hash, created_at, disabled_at, directory) "
                            + "VALUES (:name, :role, :hash, :at, :disabled, :directory) ON CONFLICT (name) DO NOTHING")
                    .bind("name", user.name()).bind("role", user.role().wireName()).bind("hash", user.passwordHash())
                    .bind("at", user.createdAt().toEpochMilli()).bind("disabled", Rows.millis(user.disabledAt())).bind("directory", user.directory())
                    .execute() == 1;
            if (created) {
                insertScopes(h, "user_scopes", "user_name", user.name(), user.scopes());
            }
            return created;
        });
    }

    @Override
    public void setPassword(String name, String passwordHash) {
        db.writes().inTransaction(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE name = :name")
                .bind("hash", passwordHash).bind("name", name).execute());
    }

    @Override
    public boolean setRole(String name, Role role) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE users SET role = :role WHERE name = :name")
                .bind("role", role.wireName()).bind("name", name).execute()) == 1;
    }

    @Override
    public boolean setDisabled(String name, Instant at) {
        return db.writes().inTransaction(h -> h.createUpdate("UPDATE users SET disabled_at = :at WHERE name = :name")
                .bind("at", Rows.millis(at)).bind("name", name).execute()) == 1;
    }

    @Override
    public AdminGuard setRoleKeepingAnAdmin(String name, Role role) {
        return keepingAnAdmin(name, role != Role.ADMIN, h -> h.createUpdate("UPDATE users SET role = :role WHERE name = :name")
                .bind("role", role.wireName()).bind("name", name).execute());
    }

    @Override
    public AdminGuard disableKeepingAnAdmin(String name, Instant at) {
        return keepingAnAdmin(name, true, h -> h.createUpdate("UPDATE users SET disabled_at = :at WHERE name = :name")
                .bind("at", at.toEpochMilli()).bind("name", name).execute());
    }

    /**
     * Runs {@code write} (one row of {@code users}) unless it {@code removesAdmin} from the last enabled admin. The
     * enabled admins are read in the write's transaction, on PostgreSQL locked in name order: a concurrent change of
     * another admin waits for this one to commit and then reads the admins again.
     */
    private AdminGuard keepingAnAdmin(String name, boolean removesAdmin, Function<Handle, Integer> write) {
        return db.writes().inTransaction(h -> {
            List<String> admins = h.createQuery("SELECT name FROM users WHERE role = :admin AND disabled_at IS NULL "
                            + "ORDER BY name" + db.dialect().rowLock())
                    .bind("admin", Role.ADMIN.wireName()).mapTo(String.class).list();
            if (removesAdmin && admins.equals(List.of(name))) {
                return AdminGuard.LAST_ADMIN;
            }
            return write.apply(h) == 1 ? AdminGuard.DONE : AdminGuard.NO_SUCH_USER;
        });
    }

    @Override
    public boolean setScopes(String name, Set<String> scopes) {
        return db.writes().inTransaction(h -> {
            // Locks the user's row first, so two changes of one user's scopes queue up instead of mixing.
            if (h.createUpdate("UPDATE users SET name = name WHERE name = :name").bind("name", name).execute() != 1) {
                return false;
            }
            h.createUpdate("DELETE FROM user_scopes WHERE user_name = :name").bind("name", name).execute();
            insertScopes(h, "user_scopes", "user_name", name, scopes);
            return true;
        });
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
            Set<String> scopes = new HashSet<>(h.createQuery("SELECT pattern FROM credential_scopes WHERE credential_id = :id")
                    .bind("id", id).mapTo(String.class).list());
            return h.createQuery("SELECT * FROM credentials WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> credential(rs, holders, scopes)).findOne();
        });
    }

    @Override
    public List<Credential> credentials() {
        return db.jdbi().withHandle(h -> {
            Map<String, Set<String>> holders = grouped(h, "SELECT credential_id, holder FROM credential_holders");
            Map<String, Set<String>> scopes = grouped(h, "SELECT credential_id, pattern FROM credential_scopes");
            return new ArrayList<>(h.createQuery("SELECT * FROM credentials ORDER BY created_at, id")
                    .map((rs, ctx) -> credential(rs, holders.getOrDefault(rs.getString("id"), Set.of()),
                            scopes.getOrDefault(rs.getString("id"), Set.of()))).list());
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
            insertScopes(h, "credential_scopes", "credential_id", c.id(), c.scopes());
            return null;
        });
    }

    @Override
    public boolean revokeCredential(String id, Instant at) {
        return db.writes().inTransaction(h -> h.createUpdate(
                        "UPDATE credentials SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli()).bind("id", id).execute()) == 1;
    }

    private static void insertScopes(Handle h, String table, String owner, String id, Set<String> scopes) {
        for (String pattern : scopes) {
            h.createUpdate("INSERT INTO " + table + " (" + owner + ", pattern) VALUES (:id, :pattern)")
                    .bind("id", id).bind("pattern", pattern).execute();
        }
    }

    /** A two-column query as a map from the first column to the set of the second. */
    private static Map<String, Set<String>> grouped(Handle h, String sql) {
        Map<String, Set<String>> grouped = new HashMap<>();
        h.createQuery(sql).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> grouped.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        return grouped;
    }

    private static User user(ResultSet rs, Set<String> scopes) throws SQLException {
        return new User(rs.getString("name"), Role.parse(rs.getString("role")), rs.getString("password_hash"),
                Rows.instant(rs, "created_at"), scopes, Rows.instant(rs, "disabled_at"), rs.getBoolean("directory"));
    }

    private static Credential credential(ResultSet rs, Set<String> holders, Set<String> scopes) throws SQLException {
        return new Credential(rs.getString("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                holders, rs.getString("secret_hash"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "revoked_at"), scopes);
    }
}
