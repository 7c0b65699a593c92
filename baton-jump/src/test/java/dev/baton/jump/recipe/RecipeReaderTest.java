package dev.baton.jump.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line form of jump2nr's recipes, read as jump2nr read them, and the sample configuration file as it came. */
class RecipeReaderTest {
    static final Path FILE = Path.of("test.cfg");

    static Path sample() {
        try {
            return Path.of(RecipeReaderTest.class.getResource("/jump2nr/nextrel.cfg").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Statement only(String text) {
        Recipe r = RecipeReader.parse(FILE, text);
        assertThat(r.problems()).as(text).isEmpty();
        assertThat(r.statements()).hasSize(1);
        return r.statements().getFirst();
    }

    @Test
    void theSampleConfigurationParsesWithNoProblemIntoItsThirtyStatements() throws IOException {
        Recipe r = RecipeReader.read(sample());
        assertThat(r.problems()).isEmpty();
        assertThat(r.ok()).isTrue();
        assertThat(r.statements()).hasSize(30);
        assertThat(r.statements().stream().filter(s -> s instanceof Statement.Assign)).hasSize(11);
        assertThat(r.statements().stream().filter(s -> s instanceof Statement.AssignOutput)).hasSize(1);
        assertThat(r.statements().stream().filter(s -> s instanceof Statement.Print)).hasSize(6);
        assertThat(r.statements().stream().filter(s -> s instanceof Statement.Local)).hasSize(1);
        assertThat(r.statements().stream().filter(s -> s instanceof Statement.Remote)).hasSize(10);
        assertThat(r.statements()).filteredOn(s -> s instanceof Statement.Builtin)
                .containsExactly(new Statement.Builtin(35, "jump(usepartition, %JUMP_PARTITION%, %JUMP_MNT%)", "usepartition",
                        List.of("%JUMP_PARTITION%", "%JUMP_MNT%")));
        assertThat(r.statements().get(1)).isEqualTo(new Statement.Assign(4, "TARGET_SETUP = jump2.sh", "TARGET_SETUP", "jump2.sh"));
        assertThat(r.statements().get(4)).isEqualTo(new Statement.AssignOutput(9, "NEW_TARGET_TAR=`basename %TARGET_TAR%`",
                "NEW_TARGET_TAR", "basename %TARGET_TAR%"));
        Statement last = r.statements().getLast();
        assertThat(last).isEqualTo(new Statement.Remote(53, "remote reboot", "reboot"));
        assertThat(((Statement.Remote) last).reboots()).isTrue();
        assertThat(r.directory()).isEqualTo(sample().getParent());
    }

    @Test
    void commentsInColumnOneAndBlankLinesAreIgnored() {
        Recipe r = RecipeReader.parse(FILE, "# a comment\n\n   \n#remote rm -rf /\n#Showvars()\n\t\nprint hi\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.statements()).containsExactly(new Statement.Print(7, "print hi", "hi"));
    }

    @Test
    void anIndentedHashIsACommentButAHashInsideALineIsPartOfIt() {
        assertThat(RecipeReader.parse(FILE, "   # indented comment\n").statements()).isEmpty();
        assertThat(only("remote echo a # b")).isEqualTo(new Statement.Remote(1, "remote echo a # b", "echo a # b"));
        assertThat(only("X=a#b")).isEqualTo(new Statement.Assign(1, "X=a#b", "X", "a#b"));
    }

    @Test
    void assignmentsWithAndWithoutSpacesAroundTheEqualsSign() {
        assertThat(only("A=b")).isEqualTo(new Statement.Assign(1, "A=b", "A", "b"));
        assertThat(only("A = b")).isEqualTo(new Statement.Assign(1, "A = b", "A", "b"));
        assertThat(only("A\t=  b c  ")).isEqualTo(new Statement.Assign(1, "A\t=  b c  ", "A", "b c"));
        assertThat(only("A=")).isEqualTo(new Statement.Assign(1, "A=", "A", ""));
    }

    @Test
    void aValueMayHoldEqualsSignsAndKeepsItsQuotes() {
        assertThat(only("OPTS=--root-directory=/mnt a='b'")).isEqualTo(
                new Statement.Assign(1, "OPTS=--root-directory=/mnt a='b'", "OPTS", "--root-directory=/mnt a='b'"));
    }

    @Test
    void anAssignmentFromACommandKeepsTheCommandWithoutQuotes() {
        assertThat(only("N=`basename 'a b.tgz'`")).isEqualTo(new Statement.AssignOutput(1, "N=`basename 'a b.tgz'`", "N", "basename a b.tgz"));
        assertThat(only("N = ` date \"+%%Y\" `")).isEqualTo(new Statement.AssignOutput(1, "N = ` date \"+%%Y\" `", "N", "date +%%Y"));
    }

    @Test
    void printLocalAndRemoteInAnyCase() {
        assertThat(only("print Copying files to %_HOST%")).isEqualTo(new Statement.Print(1, "print Copying files to %_HOST%", "Copying files to %_HOST%"));
        assertThat(only("Print 'quoted' stays")).isEqualTo(new Statement.Print(1, "Print 'quoted' stays", "'quoted' stays"));
        assertThat(only("print")).isEqualTo(new Statement.Print(1, "print", ""));
        assertThat(only("LOCAL ls")).isEqualTo(new Statement.Local(1, "LOCAL ls", "ls"));
        assertThat(only("remote\t(cd /etc; ls)")).isEqualTo(new Statement.Remote(1, "remote\t(cd /etc; ls)", "(cd /etc; ls)"));
    }

    @Test
    void quoteCharactersAreRemovedFromCommands() {
        assertThat(only("remote echo \"it's\" 'here'")).isEqualTo(new Statement.Remote(1, "remote echo \"it's\" 'here'", "echo its here"));
        assertThat(only("local sudo scp -q 'a b' \"c\"")).isEqualTo(new Statement.Local(1, "local sudo scp -q 'a b' \"c\"", "sudo scp -q a b c"));
    }

    @Test
    void aKeywordNeedsABlankAfterIt() {
        assertThat(only("printer=hp")).isEqualTo(new Statement.Assign(1, "printer=hp", "printer", "hp"));
        assertThat(only("remotely = no")).isEqualTo(new Statement.Assign(1, "remotely = no", "remotely", "no"));
        assertThat(only("print = x")).isEqualTo(new Statement.Print(1, "print = x", "= x"));
    }

    @Test
    void builtinsWithAnySpacingAndCase() {
        Statement.Builtin expected = new Statement.Builtin(1, "", "usepartition", List.of("swap", "/media/jump"));
        for (String line : List.of("jump(usepartition, swap, /media/jump)", "jump (usepartition,swap,/media/jump)",
                "JUMP( UsePartition ,  swap , /media/jump )", "  jump\t(usepartition, swap, /media/jump)  ")) {
            Statement.Builtin b = (Statement.Builtin) only(line);
            assertThat(b.function()).isEqualTo(expected.function());
            assertThat(b.args()).isEqualTo(expected.args());
            assertThat(b.source()).isEqualTo(line);
        }
        assertThat(only("jump(showvars)")).isEqualTo(new Statement.Builtin(1, "jump(showvars)", "showvars", List.of()));
        assertThat(only("Showvars()")).isEqualTo(new Statement.Builtin(1, "Showvars()", "showvars", List.of()));
        assertThat(only("jump(copy, a, b, /x)")).isEqualTo(new Statement.Builtin(1, "jump(copy, a, b, /x)", "copy", List.of("a", "b", "/x")));
        assertThat(only("jump(reboot, 20m)")).isEqualTo(new Statement.Builtin(1, "jump(reboot, 20m)", "reboot", List.of("20m")));
    }

    @Test
    void crlfLinesTrailingBlanksAndAByteOrderMarkAreReadLikePlainLines() {
        Recipe r = RecipeReader.parse(FILE, "\uFEFFA=1\r\nremote echo %A%  \r\n\r\n# c\r\nprint x\r\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.statements()).containsExactly(new Statement.Assign(1, "A=1", "A", "1"),
                new Statement.Remote(2, "remote echo %A%  ", "echo %A%"), new Statement.Print(5, "print x", "x"));
    }

    @Test
    void aFileThatIsNotUtf8IsAProblemAtTheLineOfTheFirstBadByte(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.cfg");
        byte[] head = "A=1\nprint ok\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 6];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(new byte[]{'x', '=', (byte) 0xff, (byte) 0xfe, '\n', 'y'}, 0, bytes, head.length, 6);
        Files.write(file, bytes);
        Recipe r = RecipeReader.read(file);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).extracting(RecipeProblem::line).containsExactly(3);
        assertThat(r.problems().getFirst().toString()).startsWith(file + ":3: ").contains("UTF-8");
    }

    @Test
    void rebootingRemoteCommandsAreRecognisedAndOthersAreNot() {
        for (String c : List.of("reboot", "reboot now", "shutdown -r now", "systemctl reboot", "shutdown  -r +1")) {
            assertThat(new Statement.Remote(1, "", c).reboots()).as(c).isTrue();
        }
        for (String c : List.of("rebooted", "echo reboot", "reboot; rm -rf /", "shutdown -h now", "reboot && true", "reboot `x`")) {
            assertThat(new Statement.Remote(1, "", c).reboots()).as(c).isFalse();
        }
    }
}
