package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's advisory options: a wrong prefix or template directory is a bad option; a wrong template stops the start. */
class AdvisorySettingsTest {

    @TempDir
    Path temp;

    @Test
    void aWrongPrefixOrAMissingTemplateDirectoryIsABadOption() {
        assertThatThrownBy(() -> new AdvisorySettings("site-sa", null, null)).hasMessageContaining("got 'site-sa'");
        assertThatThrownBy(() -> new AdvisorySettings("SITE-SA", null, temp.resolve("nowhere")))
                .hasMessageContaining("--advisory-templates " + temp.resolve("nowhere") + " is not a directory");
        assertThat(new AdvisorySettings(null, " ", null)).isEqualTo(AdvisorySettings.DEFAULTS);

        StringWriter err = new StringWriter();
        int code = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err))
                .execute("--port", "0", "--data", temp.resolve("d").toString(), "--advisory-prefix", "bad prefix");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("baton server: the advisory id prefix must be upper-case letters");
    }

    @Test
    void aWrongTemplateStopsTheStartNamingItsFileAndLine() throws Exception {
        Path templates = Files.createDirectories(temp.resolve("templates"));
        Files.writeString(templates.resolve("advisory-mail-body.txt"), "Dear all,\n\n{{id}} fixes {{titel}}.\n");

        StringWriter err = new StringWriter();
        int code = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err))
                .execute("--port", "0", "--data", temp.resolve("d").toString(), "--advisory-templates", templates.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("baton server: cannot start: ", "advisory-mail-body.txt line 3", "titel");
    }

    @Test
    void aWebhookTemplateThatIsNotJsonStopsTheStartNamingItsFile() throws Exception {
        Path templates = Files.createDirectories(temp.resolve("templates"));
        Path webhook = Files.writeString(templates.resolve("advisory-webhook.json"),
                "{\"advisory\": \"{{id}}\", \"packages\": [{{#packages}}\"{{nevra}}\"{{/packages}}]}\n");

        StringWriter err = new StringWriter();
        int code = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err))
                .execute("--port", "0", "--data", temp.resolve("d").toString(), "--advisory-templates", templates.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("baton server: cannot start: ", webhook + " does not render JSON for an "
                + "advisory with 3 packages");
    }
}
