package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifySettingsTest {

    @Test
    void anSmtpCaFileThatCannotBeReadIsRefusedAtStartNamingTheOption(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-ca.pem");
        assertThatThrownBy(() -> withSmtpCa(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--notify-smtp-ca").hasMessageContaining("no-such-ca.pem");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThat(withSmtpCa(ca).smtpCa()).isEqualTo(ca);
        assertThat(NotifySettings.DEFAULTS.smtpCa()).as("the JVM's trust store unless given").isNull();
    }

    private static NotifySettings withSmtpCa(Path ca) {
        NotifySettings d = NotifySettings.DEFAULTS;
        return new NotifySettings(d.sendInterval(), d.retryBase(), d.maxAttempts(), d.waitingAfter(), d.notSeenAfter(),
                d.scanInterval(), ca);
    }
}
