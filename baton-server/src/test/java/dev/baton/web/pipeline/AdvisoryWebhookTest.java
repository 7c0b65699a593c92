package dev.baton.web.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.baton.channels.WebhookReceiver;
import dev.baton.client.BatonClient;
import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.Frequency;
import dev.baton.notify.NotificationKinds;
import dev.baton.notify.Rule;
import dev.baton.notify.Secret;
import dev.baton.pipeline.advisory.AdvisoryAnnouncement;
import dev.baton.server.AdvisorySettings;
import dev.baton.server.BatonServer;
import dev.baton.server.NotifySettings;
import dev.baton.server.ServerSettings;
import dev.baton.server.SigningPassphrase;
import dev.baton.web.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The announcement of an advisory, end to end on a real server: a promotion by advisory into the production
 * repository publishes it, the announcement goes into the durable outbox, and the server's sender POSTs to a real
 * HTTP receiver exactly the JSON rendered from the site's own webhook template, signed with the channel's secret,
 * retried after the receiver's first refusal; a mail channel subscribed to the same kind gets the mail text.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AdvisoryWebhookTest {

    private static final String PASSWORD = "advisory-webhook-admin-pw";
    private static final String HOOK_SECRET = "the hook's shared secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A site's own webhook template: a chat message and the NEVRAs, nothing like the generic envelope. */
    private static final String TEMPLATE = "{\"text\": \"{{id}} ({{severity}}) in {{repository}}: {{title}}\", "
            + "\"nevras\": [{{#packages}}\"{{nevra}}\"{{^last}}, {{/last}}{{/packages}}]}\n";

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path data;

    @Test
    void aProductionPromotionByAdvisoryPostsTheTemplatesJsonSignedThroughTheOutbox() throws Exception {
        PipelineSeed.seed(data);
        Path passphrase = Files.writeString(data.resolve("signing-passphrase"), new String(PipelineSeed.PASSPHRASE));
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        Path templates = Files.createDirectories(data.resolve("templates"));
        Files.writeString(templates.resolve(AdvisoryAnnouncement.WEBHOOK), TEMPLATE);
        NotifySettings fast = new NotifySettings(Duration.ofMillis(200), Duration.ofSeconds(1), 8,
                NotificationKinds.DEFAULT_WAITING_AFTER, NotificationKinds.DEFAULT_NOT_SEEN_AFTER, Duration.ofMinutes(1),
                null);
        try (WebhookReceiver receiver = new WebhookReceiver(HOOK_SECRET);
             BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                     .withAdminPassword(PASSWORD).withSigningPassphrase(SigningPassphrase.from(passphrase, null))
                     .withNotifications(fast).withAdvisories(new AdvisorySettings(null, null, templates)))) {
            BatonClient admin = new BatonClient(URI.create("http://127.0.0.1:" + server.port()),
                    new BatonClient.Auth.Basic("admin", PASSWORD), null);
            Channel hook = server.notifier().addChannel(new Channel(0, "security-hook",
                    new ChannelConfig.Webhook(receiver.url(), new Secret(HOOK_SECRET))));
            Channel mail = server.notifier().addChannel(new Channel(0, "security-mail", new ChannelConfig.Email(
                    "127.0.0.1", smtp.getSmtp().getPort(), false, null, Secret.NONE, "baton@example.com",
                    List.of("security@example.com"))));
            for (Channel channel : List.of(hook, mail)) {
                server.notifier().addRule(new Rule(0, Set.of(AdvisoryAnnouncement.KIND), List.of("el-production"),
                        channel.id(), Frequency.IMMEDIATELY));
            }
            receiver.answerWith(503); // the first try is refused: the outbox tries again

            post(admin, "repositories", "{\"name\":\"el-testing\",\"sign_with\":\"site\"}", 201);
            post(admin, "repositories", "{\"name\":\"el-production\",\"sign_with\":\"site\",\"production\":true}", 201);
            post(admin, "repositories/el-testing/add", "{\"from\":\"upstream\"}", 200);
            String id = post(admin, "advisories", "{\"type\":\"security\",\"severity\":\"Important\",\"title\":"
                    + "\"hello: a \\\"quoted\\\" flaw\",\"packages\":[\"hello-1.1-1.noarch\"]}", 201).path("id").asText();
            post(admin, "repositories/el-production/promote",
                    "{\"from\":\"el-testing\",\"advisories\":[\"" + id + "\"]}", 200);

            awaitUntil(() -> !receiver.tries().isEmpty(), "the first try of the web hook");
            receiver.answerWith(204);
            awaitUntil(() -> !receiver.accepted().isEmpty(), "the web hook's accepted post");

            String expected = "{\"text\": \"" + id + " (Important) in el-production: hello: a \\\"quoted\\\" flaw\", "
                    + "\"nevras\": [\"hello-1.1-1.noarch\"]}\n";
            WebhookReceiver.Request post = receiver.accepted().getFirst();
            assertThat(post.body()).as("exactly the template's JSON").isEqualTo(expected);
            assertThat(JSON.readTree(post.body()).path("nevras").get(0).asText()).isEqualTo("hello-1.1-1.noarch");
            assertThat(receiver.refused()).as("every post carries a valid signature").isZero();
            assertThat(receiver.tries()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(receiver.tries().getFirst().answered()).isEqualTo(503);
            assertThat(receiver.tries()).extracting(WebhookReceiver.Request::delivery).containsOnly(post.delivery());

            awaitUntil(() -> smtp.getReceivedMessages().length > 0, "the mail");
            var message = smtp.getReceivedMessages()[0];
            assertThat(message.getSubject()).contains("[el-production] " + id);
            assertThat(GreenMailUtil.getBody(message)).contains("hello-1.1-1.noarch", "dnf upgrade --advisory " + id);

            // Announced once: publishing production again sends nothing more.
            int posts = receiver.tries().size();
            post(admin, "repositories/el-production/publish", "{}", 200, 202);
            Thread.sleep(1500);
            assertThat(receiver.tries()).hasSize(posts);
        }
    }

    private static JsonNode post(BatonClient as, String path, String body, int... ok) {
        return as.call("POST", "api/v3/" + path, Json.parseObject(body), Duration.ofSeconds(60), ok);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited 90 s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
