package dev.baton.server;

import java.nio.file.Path;

/** Starting a real server on HTTPS with a client CA, for the doors' tests. */
public final class TlsServers {

    public static final String ADMIN_PASSWORD = "test-password-1";

    private TlsServers() {
    }

    /** A server on HTTPS whose server certificate and client CA come from {@code ca}, on the embedded store in {@code dir}. */
    public static BatonServer start(Path dir, TestPki ca, DoorSettings doors) throws Exception {
        Path[] serverFiles = ca.server().write(dir.resolve("server"), true);
        Path caFile = ca.writeCert(dir.resolve("ca.pem"));
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword(ADMIN_PASSWORD).withDoors(doors)
                .withTls(new TlsSettings(serverFiles[0], serverFiles[1], caFile)));
    }

    /** A client presenting a certificate with this CN, issued by {@code ca}, trusting the server. */
    public static RawHttp hostClient(BatonServer server, TestPki ca, String cn) {
        return new RawHttp(server.port(), ca.client(cn).clientContext(ca));
    }
}
