package dev.baton.jump.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever a recipe file holds, reading it never throws: it gives statements or problems, every problem on a line
 * of the file. Seeded random input; the seed of a failing case is in the failure message, so it can be replayed.
 */
class RecipeGarbageTest {
    private static final long SEED = 0x16_1a_b0L;
    private static final int CASES = 3000;
    /** Pieces that mean something to the reader, mixed with random characters. */
    private static final List<String> PIECES = List.of("jump", "(", ")", ",", "=", "`", "%", "%%", "%A%", "%_HOST%",
            "%_JUMPDEV%", "#", " ", "\t", "\r", "\n", "\r\n", "print", "local", "remote", "'", "\"", "usepartition",
            "showvars", "copy", "reboot", "hostkey", "A", "_HOST", "swap", "/dev/sda1", "\uFEFF", "\u0000", "é", "\uD83D\uDE00",
            "\uD800", "JUMP_IMAGE_SIZE=", "99999999999999999999T", "jump(reboot, ", "X = `", "Showvars()");

    @Test
    void garbageNeverThrowsAndEveryProblemHasALineOfTheFile() {
        Random seeds = new Random(SEED);
        for (int c = 0; c < CASES; c++) {
            long seed = seeds.nextLong();
            String text = garbage(new Random(seed));
            try {
                Recipe r = RecipeReader.parse(Path.of("garbage.cfg"), text);
                int lines = text.split("\n", -1).length;
                assertThat(r.problems()).allSatisfy(p -> {
                    assertThat(p.line()).isBetween(1, lines);
                    assertThat(p.message()).isNotBlank();
                    assertThat(p.file()).isEqualTo(Path.of("garbage.cfg"));
                });
                assertThat(r.statements()).allSatisfy(s -> assertThat(s.line()).isBetween(1, lines));
                assertThat(r.problems()).isSortedAccordingTo(java.util.Comparator.comparingInt(RecipeProblem::line));
            } catch (Throwable t) {
                throw new AssertionError("case " + c + " (seed " + seed + "L, text " + escaped(text) + ") failed: " + t, t);
            }
        }
    }

    @Test
    void theSampleWithRandomLinesBrokenStillReadsWithoutThrowing() throws Exception {
        String sample = java.nio.file.Files.readString(RecipeReaderTest.sample());
        Random seeds = new Random(SEED + 1);
        for (int c = 0; c < 500; c++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder(sample);
            for (int k = 0; k < 1 + random.nextInt(5); k++) {
                int at = random.nextInt(text.length());
                if (random.nextBoolean()) {
                    text.deleteCharAt(at);
                } else {
                    text.insert(at, PIECES.get(random.nextInt(PIECES.size())));
                }
            }
            try {
                Recipe r = RecipeReader.parse(Path.of("nextrel.cfg"), text.toString());
                int lines = text.toString().split("\n", -1).length;
                assertThat(r.problems()).allSatisfy(p -> assertThat(p.line()).isBetween(1, lines));
            } catch (Throwable t) {
                throw new AssertionError("case " + c + " (seed " + seed + "L) failed: " + t, t);
            }
        }
    }

    private static String garbage(Random random) {
        StringBuilder s = new StringBuilder();
        int parts = random.nextInt(60);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(3)) {
                case 0 -> s.append(PIECES.get(random.nextInt(PIECES.size())));
                case 1 -> s.append((char) (32 + random.nextInt(95)));
                default -> s.append((char) random.nextInt(0x3000));
            }
        }
        return s.toString();
    }

    private static String escaped(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            s.append(ch >= 32 && ch < 127 && ch != '"' && ch != '\\' ? String.valueOf(ch) : String.format("\\u%04x", (int) ch));
        }
        return s.append('"').toString();
    }
}
