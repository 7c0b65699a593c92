package dev.baton.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLinesTest {

    private final List<OutputLines.Line> lines = new ArrayList<>();

    private void feed(OutputLines out, String text, int chunk) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            out.feed(b, i, Math.min(chunk, b.length - i));
        }
        out.finish();
    }

    @Test
    void splitsLikeReadLineWhateverTheChunks() {
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            lines.clear();
            feed(new OutputLines(100, lines::add), "first\n\nsecond\r\nthird\rfourth\nlast without newline", chunk);
            assertThat(lines).extracting(OutputLines.Line::text).as("chunks of %d", chunk)
                    .containsExactly("first", "", "second", "third", "fourth", "last without newline");
            assertThat(lines).extracting(OutputLines.Line::cut).containsOnly(0L);
        }
        lines.clear();
        feed(new OutputLines(100, lines::add), "a\n", 1);
        assertThat(lines).extracting(OutputLines.Line::text).containsExactly("a");
    }

    @Test
    void aLongLineIsCutAndTheNextLinesAreKept() {
        feed(new OutputLines(10, lines::add), "0123456789abcdef\nnext\n" + "x".repeat(25) + "\nlast", 4);
        assertThat(lines).containsExactly(new OutputLines.Line("0123456789", 6), new OutputLines.Line("next", 0),
                new OutputLines.Line("xxxxxxxxxx", 15), new OutputLines.Line("last", 0));
        assertThat(lines.getFirst().forLog()).isEqualTo("0123456789 [... 6 more bytes of this line not logged]");
        assertThat(lines.get(1).forLog()).isEqualTo("next");
    }

    @Test
    void aCharacterCutInTwoIsLeftOutWhole() {
        // "é" is two bytes and "€" three: the cap falls in the middle of each
        feed(new OutputLines(10, lines::add), "123456789é-\n12345678€x\n12345678é\n", 3);
        assertThat(lines).containsExactly(new OutputLines.Line("123456789", 3), new OutputLines.Line("12345678", 4),
                new OutputLines.Line("12345678é", 0));
    }
}
