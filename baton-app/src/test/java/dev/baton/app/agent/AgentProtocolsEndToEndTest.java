package dev.baton.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.auth.AuthService;
import dev.baton.lock.EventType;
import dev.baton.server.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each lock protocol the agent speaks, against the real server's doors, with the configuration files of the
 * clients it replaces, unchanged: DLMEngineUpdater 0.x (INI, DLM Engine v1, a credential), DLMEngineUpdater 1.0
 * (dotenv, DLM Engine v2, a credential), FleetLock (Baton's format; id and group), and foreman_dlm_updater (INI,
 * Foreman DLM over HTTPS with the host's client certificate, from a server started with {@code --tls-cert
 * --tls-key --client-ca}). Every run is a whole cycle; the lock's history shows which door it came through.
 */
class AgentProtocolsEndToEndTest extends AgentServerFixture {

    static final List<String> WHOLE_CYCLE = List.of("needs_update/10-apt", "pre_update/10-drain", "update/10-upgrade",
            "needs_reboot/10-kernel", "post_update/10-undrain");

    /** The run did the whole cycle, holding the lock through {@code door} from before pre_update to after post_update. */
    static void assertWholeCycleUnderTheLock(AgentHost h, AgentHost.Result r, String lock, String door) {
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(h.ran()).containsExactlyElementsOf(WHOLE_CYCLE);
        assertThat(server.takesAndReleases(lock)).containsExactly("acquire " + h.name + " " + door, "release " + h.name + " " + door);
        assertThat(server.eventTime(lock, EventType.ACQUIRE, h.name, 0)).isLessThan(h.when("pre_update/10-drain"));
        assertThat(server.eventTime(lock, EventType.RELEASE, h.name, 0)).isGreaterThan(h.when("post_update/10-undrain"));
        assertThat(server.holders(lock)).isEmpty();
        assertThat(h.state()).doesNotExist();
    }

    @Test
    void dlmEngineV1WithTheDlmEngineUpdater0IniFile(@TempDir Path root) {
        AgentHost h = new AgentHost(root, "dlm1.example.com", root.resolve("journal"));
        AuthService.Issued c = server.hostCredential(h.name);
        // seed 001's config.ini, with the holder set (the seeds use the FQDN) and this host's paths
        h.writeConfig("[main]\nendpoint = " + server.base + "/api/v1\nsecret_id = " + c.credential().id() + "\nsecret = " + c.secret()
                + "\nlock_name = dlm-v1\nwait = true\nwait_max = 60\nlog_level = DEBUG\nlog_retention = 7\n" + h.localFiles()
                + h.phaseDirs(AgentHost.DLM_DIRS) + "reboot_cmd = " + h.rebootRecorder() + "\nholder = " + h.name + "\n");
        withScripts(h);
        assertWholeCycleUnderTheLock(h, h.run("run"), "dlm-v1", "dlm_v1");
    }

    @Test
    void dlmEngineV2WithTheDlmEngineUpdater1DotenvFile(@TempDir Path root) {
        AgentHost h = new AgentHost(root, "dlm2.example.com", root.resolve("journal"));
        AuthService.Issued c = server.hostCredential(h.name);
        h.writeConfig("# DLMEngineUpdater 1.0\nmain_api_endpoint=" + server.base + "/api/v2\nmain_api_secretid=" + c.credential().id()
                + "\nmain_api_secret=" + c.secret() + "\nmain_api_lockname=dlm-v2\nmain_basedir=" + h.dir + "\nmain_wait=true\n"
                + "main_waitmax=60\nmain_log_file=" + h.dir.resolve("agent.log") + "\nmain_reboot_cmd=" + h.rebootRecorder()
                + "\nmain_holder=" + h.name + "\n");
        withScripts(h);
        assertWholeCycleUnderTheLock(h, h.run("run"), "dlm-v2", "dlm_v2");
    }

    @Test
    void fleetLockWithIdAndGroup(@TempDir Path root) {
        AgentHost h = withScripts(new AgentHost(root, "fl1.example.com", root.resolve("journal"))
                .batonConfig(server.base, "fleet", "protocol = fleetlock\nwait = true\nwait_max = 60\n"));
        assertWholeCycleUnderTheLock(h, h.run("run"), "fleet", "fleetlock");
    }

    @Test
    void twoFleetLockAgentsOnOneGroupTheSecondPollsUntilTheFirstIsDone(@TempDir Path root) {
        // FleetLock cannot wait on the server: the agent polls, here every 0-1 s
        String extra = "protocol = fleetlock\nwait = true\nwait_max = 120\nretry_min = 0\nretry_max = 1\n";
        AgentHost a = withScripts(new AgentHost(root, "fla.example.com", root.resolve("journal")).batonConfig(server.base, "fleet2", extra));
        AgentHost b = withScripts(new AgentHost(root, "flb.example.com", root.resolve("journal")).batonConfig(server.base, "fleet2", extra));
        Path goOn = root.resolve("a-may-finish");
        a.script("update", "10-upgrade", "while [ ! -e " + goOn + " ]; do sleep 0.1; done");

        CompletableFuture<AgentHost.Result> first = a.start("run");
        await().atMost(Duration.ofSeconds(60)).until(() -> a.ran().contains("update/10-upgrade"));
        CompletableFuture<AgentHost.Result> second = b.start("run");
        await().atMost(Duration.ofSeconds(60)).until(() -> b.log().contains("lock not granted"));
        assertThat(b.ran()).containsExactly("needs_update/10-apt");
        AgentHost.write(goOn, "");

        AgentHost.Result ra = first.join();
        AgentHost.Result rb = second.join();
        assertThat(ra.exit()).as(ra.toString()).isZero();
        assertThat(rb.exit()).as(rb.toString()).isZero();
        assertThat(b.ran()).containsExactlyElementsOf(WHOLE_CYCLE);
        assertThat(server.takesAndReleases("fleet2")).containsExactly("acquire fla.example.com fleetlock",
                "release fla.example.com fleetlock", "acquire flb.example.com fleetlock", "release flb.example.com fleetlock");
        assertThat(b.when("pre_update/10-drain")).isGreaterThan(server.eventTime("fleet2", EventType.RELEASE, "fla.example.com", 0));
    }

    @Test
    void foremanDlmOverHttpsWithTheHostsClientCertificate(@TempDir Path root) throws Exception {
        TestPki ca = TestPki.ca("Puppet CA: agent-e2e");
        Path[] serverCert = ca.server().write(root.resolve("server-tls"), true); // PKCS#1 keys, as Puppet writes them
        Path caFile = ca.writeCert(root.resolve("ca.pem"));
        try (LockServer tls = LockServer.startTls(root, serverCert[0], serverCert[1], caFile)) {
            tls.server.hosts().add("fm1.example.com", List.of()); // Foreman knows its hosts
            AgentHost h = new AgentHost(root, "fm1.example.com", root.resolve("journal"));
            Path[] client = ca.client(h.name).write(root.resolve("puppet-ssl"), true); // the host's Puppet certificate and key
            // seed 000's config.ini, unchanged but for this host's paths; the holder is the certificate's host
            h.writeConfig("[main]\nlog = " + h.dir.resolve("agent.log") + "\nlogretention = 7\nloglevel = INFO\nlock = "
                    + h.dir.resolve("agent.lock") + "\nstate = " + h.state() + "\nlock_name = foreman\nforeman_url = " + tls.base
                    + "\nclient_crt = " + client[0] + "\nclient_key = " + client[1] + "\nca = " + caFile + "\n"
                    + h.phaseDirs(AgentHost.FOREMAN_DIRS) + "reboot_cmd = " + h.rebootRecorder() + "\n");
            withScripts(h);

            AgentHost.Result r = h.run("run");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(h.ran()).containsExactlyElementsOf(WHOLE_CYCLE);
            assertThat(tls.takesAndReleases("foreman")).containsExactly("acquire fm1.example.com foreman", "release fm1.example.com foreman");
            assertThat(tls.eventTime("foreman", EventType.ACQUIRE, h.name, 0)).isLessThan(h.when("pre_update/10-drain"));
            assertThat(tls.eventTime("foreman", EventType.RELEASE, h.name, 0)).isGreaterThan(h.when("post_update/10-undrain"));
            assertThat(tls.holders("foreman")).isEmpty();
        }
    }
}
