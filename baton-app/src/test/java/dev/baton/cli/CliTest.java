package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The last line of defence: a failure no command expected is one line without Java class names. */
class CliTest {

    @Test
    void anUnexpectedFailureIsOneLineWithoutJavaNames() {
        StringWriter err = new StringWriter();
        int exit = Cli.failed(new IllegalStateException("java.io.UncheckedIOException: java.net.SocketException: Broken pipe"),
                new PrintWriter(err, true));
        assertThat(exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().strip()).isEqualTo("baton: unexpected failure: Broken pipe (set BATON_DEBUG=1 to see where)");

        StringWriter none = new StringWriter();
        Cli.failed(new NullPointerException(), new PrintWriter(none, true));
        assertThat(none.toString().strip()).isEqualTo("baton: unexpected failure (set BATON_DEBUG=1 to see where)");
    }
}
