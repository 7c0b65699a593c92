package dev.baton.store.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void sharedServerServesAFreshDatabase() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        assertThat(PostgresServer.shared()).isSameAs(server);
        assertThat(server.isRunning()).isTrue();

        String url = server.createDatabase();
        assertThat(url).matches("jdbc:postgresql://127\\.0\\.0\\.1:" + server.port() + "/test_\\w+\\?user=baton");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lock (name text PRIMARY KEY, holder text NOT NULL)");
            s.executeUpdate("INSERT INTO lock VALUES ('deploy', 'host-1'), ('reboot', 'host-2')");
            assertThat(rows(s, "SELECT name || '=' || holder FROM lock ORDER BY name"))
                    .containsExactly("deploy=host-1", "reboot=host-2");
            assertThat(rows(s, "SHOW fsync")).containsExactly("on");
            assertThat(rows(s, "SHOW max_connections")).containsExactly("200");
            assertThat(rows(s, "SHOW server_encoding")).containsExactly("UTF8");
        }
    }

    @Test
    void databasesAreIsolated() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        String first = server.createDatabase();
        String second = server.createDatabase();
        assertThat(first).isNotEqualTo(second);

        try (Connection c = DriverManager.getConnection(first); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE only_here (id int)");
            s.executeUpdate("INSERT INTO only_here VALUES (1)");
        }
        try (Connection c = DriverManager.getConnection(second); Statement s = c.createStatement()) {
            assertThat(rows(s, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")).containsExactly("0");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM only_here"))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42P01"); // undefined_table
            s.execute("CREATE TABLE only_here (id int)"); // the same name is free here
        }
    }

    @Test
    void crashRestartKeepsCommittedDataAndLosesUncommitted() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            String url = server.createDatabase();
            int port = server.port();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v text)");
                s.executeUpdate("INSERT INTO t VALUES ('committed')");
            }
            Connection open = DriverManager.getConnection(url);
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES ('in flight')");
            }

            server.kill();
            assertThat(server.isRunning()).isFalse();
            assertRefused(port);
            assertThatThrownBy(open::commit).isInstanceOf(SQLException.class);
            open.close();

            server.restart();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                assertThat(rows(s, "SELECT v FROM t")).containsExactly("committed");
            }
            // PostgreSQL words crash recovery either way, depending on how far it had got when killed.
            // The whole log: under load, lines of connection attempts during recovery can push these out of a tail.
            assertThat(server.logTail(Integer.MAX_VALUE)).containsAnyOf("database system was interrupted",
                    "database system was not properly shut down; automatic recovery in progress");

            server.restart(); // restart of a running server kills it first
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                assertThat(rows(s, "SELECT v FROM t")).containsExactly("committed");
            }
        }
    }

    @Test
    void stopShutsDownAndDeletesEverything() throws Exception {
        PostgresServer server = PostgresServer.start();
        String url = server.createDatabase();
        int port = server.port();
        Path data = server.dataDirectory();
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThat(data).isDirectory();

        server.stop();

        assertThat(server.isRunning()).isFalse();
        assertRefused(port);
        assertThat(Files.exists(data.getParent())).isFalse();
        assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class);
        server.close(); // idempotent
    }

    @Test
    void aServerDoesNotOutliveAKilledJvm() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                StartsAServerAndWaits.class.getName()).redirectErrorStream(true).start();
        String line;
        try (var out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            while ((line = out.readLine()) != null && !line.startsWith("started ")) {
                // the child's log lines, if any
            }
            assertThat(line).as("the child JVM's server started").isNotNull();
            String[] started = line.split(" ");
            int port = Integer.parseInt(started[1]);
            Path base = Path.of(started[2]).getParent();

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            child.waitFor();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertRefused(port);
                assertThat(Files.exists(base)).as(base + " deleted").isFalse();
            });
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child JVM of {@link #aServerDoesNotOutliveAKilledJvm}: starts a server, says where, waits to be killed. */
    static final class StartsAServerAndWaits {
        public static void main(String[] args) throws InterruptedException {
            PostgresServer server = PostgresServer.start();
            System.out.println("started " + server.port() + " " + server.dataDirectory());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5));
        }
    }

    private static void assertRefused(int port) {
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
