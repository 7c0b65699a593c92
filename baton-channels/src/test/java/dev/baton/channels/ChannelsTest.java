package dev.baton.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.DeliveryException;
import dev.baton.notify.Frequency;
import dev.baton.notify.Message;
import dev.baton.notify.Notice;
import dev.baton.notify.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The channels over real transports: GreenMail, a real SMTP server in this JVM (it offers no STARTTLS, so AUTH is
 * tested over plain SMTP, and a channel that requires STARTTLS must refuse to send to it), and a real HTTP receiver
 * that checks the HMAC signature.
 */
class ChannelsTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("baton@example.com", "baton-user", "s3cret-pw"));

    private static final String SECRET = "0123456789abcdef-webhook-secret";
    private final Channels channels = new Channels();
    private final Message message = new Message("outbox-7", "[Baton] web1 failed in update", "web1 failed in update\n\ndetails",
            Frequency.IMMEDIATELY, List.of(new Notice("host.failed", "web1", "web1 failed in update", "details",
                    "host.failed:web1:run-1", Instant.parse("2026-12-06T10:00:00Z"))));

    private static Channel mail(boolean startTls, String user, String password) {
        return new Channel(1, "ops-mail", new ChannelConfig.Email("127.0.0.1", smtp.getSmtp().getPort(), startTls, user,
                new Secret(password), "baton@example.com", List.of("ops@example.com", "oncall@example.com")));
    }

    @Test
    void mailIsSentWithSmtpAuth() throws Exception {
        channels.send(mail(false, "baton-user", "s3cret-pw"), message);

        var received = smtp.getReceivedMessages();
        assertThat(received).hasSize(2); // one copy per recipient
        assertThat(received[0].getSubject()).isEqualTo("[Baton] web1 failed in update");
        assertThat(GreenMailUtil.getBody(received[0])).contains("details");
        assertThat(received[0].getHeader("X-Baton-Delivery")[0]).isEqualTo("outbox-7");
    }

    @Test
    void aWrongSmtpPasswordFailsWithoutShowingIt() {
        assertThatThrownBy(() -> channels.send(mail(false, "baton-user", "wrong-password-xyz"), message))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("SMTP server 127.0.0.1:" + smtp.getSmtp().getPort())
                .hasMessageNotContaining("wrong-password-xyz");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aChannelThatRequiresStartTlsRefusesAServerWithoutIt() {
        assertThatThrownBy(() -> channels.send(mail(true, "baton-user", "s3cret-pw"), message))
                .isInstanceOf(DeliveryException.class).hasMessageContaining("STARTTLS");
        assertThat(smtp.getReceivedMessages()).as("nothing sent in the clear").isEmpty();
    }

    @Test
    void aWebhookIsASignedJsonPost() {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            channels.send(new Channel(2, "hook", new ChannelConfig.Webhook(receiver.url(), new Secret(SECRET))), message);

            assertThat(receiver.refused()).isZero();
            assertThat(receiver.accepted()).hasSize(1);
            var r = receiver.accepted().getFirst();
            assertThat(r.delivery()).isEqualTo("outbox-7");
            assertThat(r.body()).contains("\"kind\":\"host.failed\"", "\"dedupe_key\":\"host.failed:web1:run-1\"");
        }
    }

    @Test
    void aNoticeWithItsOwnWebhookBodyIsPostedExactlyAndSitsInADigestAsJson() throws Exception {
        String own = "{\"text\": \"SITE-SA:2026:0001 published\", \"nevras\": [\"hello-1.1-1.noarch\"]}\n";
        Notice announced = new Notice("advisory.published", "el9", "SITE-SA:2026:0001", "mail text",
                "advisory.published:el9:SITE-SA:2026:0001", Instant.parse("2026-12-06T10:00:00Z"), own);
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            Channel hook = new Channel(2, "hook", new ChannelConfig.Webhook(receiver.url(), new Secret(SECRET)));
            channels.send(hook, new Message("outbox-8", "s", "t", Frequency.IMMEDIATELY, List.of(announced)));
            channels.send(hook, new Message("outbox-9", "s", "t", Frequency.HOURLY,
                    List.of(message.notices().getFirst(), announced)));

            assertThat(receiver.refused()).isZero();
            assertThat(receiver.accepted()).extracting(WebhookReceiver.Request::delivery)
                    .containsExactly("outbox-8", "outbox-9");
            assertThat(receiver.accepted().get(0).body()).isEqualTo(own);
            var digest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(receiver.accepted().get(1).body());
            assertThat(digest.path("notices").get(0).has("webhook_body")).isFalse();
            assertThat(digest.path("notices").get(1).path("webhook_body").path("nevras").get(0).asText())
                    .isEqualTo("hello-1.1-1.noarch");
        }
    }

    @Test
    void aReceiverWithAnotherSecretRefusesTheSignature() {
        try (WebhookReceiver receiver = new WebhookReceiver("another-secret-of-the-receiver")) {
            assertThatThrownBy(() -> channels.send(new Channel(2, "hook",
                    new ChannelConfig.Webhook(receiver.url(), new Secret(SECRET))), message))
                    .isInstanceOf(DeliveryException.class).hasMessageContaining("answered HTTP 401");
            assertThat(receiver.refused()).isEqualTo(1);
        }
    }

    @Test
    void aWebhookAnswering500OrUnreachableFails() {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            receiver.answerWith(500);
            Channel hook = new Channel(2, "hook", new ChannelConfig.Webhook(receiver.url(), new Secret(SECRET)));
            assertThatThrownBy(() -> channels.send(hook, message)).hasMessageContaining("answered HTTP 500");
        }
        Channel gone = new Channel(2, "hook", new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9/hook"), new Secret(SECRET)));
        assertThatThrownBy(() -> channels.send(gone, message)).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("could not be reached");
    }

    @Test
    void theSignatureIsTheDocumentedHmac() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'key'
        assertThat(WebhookSignature.sign("key", 1700000000L, body))
                .isEqualTo("sha256=" + hmacWithOpenssl());
        Instant at = Instant.ofEpochSecond(1700000000L);
        String sig = WebhookSignature.sign("key", 1700000000L, body);
        assertThat(WebhookSignature.verify("key", "1700000000", sig, body, at)).isTrue();
        assertThat(WebhookSignature.verify("key", "1700000000", sig, body, at.plusSeconds(600))).as("too old").isFalse();
        assertThat(WebhookSignature.verify("key", "1700000001", sig, body, at)).as("timestamp changed").isFalse();
        assertThat(WebhookSignature.verify("other", "1700000000", sig, body, at)).isFalse();
    }

    private static String hmacWithOpenssl() {
        try {
            Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-hmac", "key").redirectErrorStream(true).start();
            p.getOutputStream().write("1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.substring(out.lastIndexOf(' ') + 1);
        } catch (Exception e) {
            throw new AssertionError("openssl is needed for this test (run-tests installs it)", e);
        }
    }
}
