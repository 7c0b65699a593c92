package dev.baton.jump.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the check finds before anything runs: each problem with its file and line, all of them at once. */
class RecipeCheckTest {
    static final Path FILE = Path.of("dir", "bad.cfg");

    static List<RecipeProblem> problems(String text) {
        return RecipeReader.parse(FILE, text).problems();
    }

    static RecipeProblem one(String text) {
        List<RecipeProblem> p = problems(text);
        assertThat(p).as(text).hasSize(1);
        return p.getFirst();
    }

    @Test
    void anUndefinedVariableIsAProblemAtTheLineThatUsesIt() {
        RecipeProblem p = one("A=1\nremote echo %A% %B%\n");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains("%B% is not defined");
        assertThat(p.toString()).isEqualTo(Path.of("dir", "bad.cfg") + ":2: " + p.message());
    }

    @Test
    void aVariableUsedAboveItsDefinitionIsAProblemNamingTheLineThatDefinesIt() {
        RecipeProblem p = one("print %DIR%\nDIR=/x\nprint %DIR%\n");
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.message()).contains("%DIR% is used before it is defined (line 2)");
    }

    @Test
    void aVariableCannotUseItselfInItsOwnDefinition() {
        assertThat(one("X=%X%/a\n").message()).contains("%X% is not defined");
        assertThat(problems("X=1\nX=%X%/a\nY=`echo %Y%`\n")).extracting(RecipeProblem::line).containsExactly(3);
    }

    @Test
    void internalVariablesOfABuiltinHoldOnlyAfterIt() {
        RecipeProblem p = one("remote echo %_HOST% %_LOGFILE% %_JUMPDEV%\njump(usepartition, swap, /mnt)\nremote echo %_JUMPDEV% %_MOUNTDIR%\n");
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.message()).contains("%_JUMPDEV% is set by jump(usepartition, ...)");
        assertThat(one("jump(usepartition, %_JUMPPARTITION%, /mnt)\n").message()).contains("_JUMPPARTITION");
    }

    @Test
    void anInternalVariableCannotBeAssigned() {
        RecipeProblem p = one("_HOST=me\n");
        assertThat(p.message()).contains("_HOST is set by Baton itself");
    }

    @Test
    void commentsAreNotChecked() {
        assertThat(problems("#remote echo At %_HOST% it should be %D% too\n#Showvars(1,2,3)\n#jump(nothing)\n")).isEmpty();
    }

    @Test
    void anUnknownBuiltinIsAProblemNamingTheKnownOnes() {
        RecipeProblem p = one("print a\njump(formatdisk, /dev/sda)\n");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains("unknown built-in 'formatdisk'").contains("usepartition, showvars, copy, hostkey, reboot");
        assertThat(one("Nothing()").message()).contains("unknown built-in 'Nothing'");
    }

    @Test
    void theWrongNumberOfArgumentsIsAProblemShowingTheUsage() {
        assertThat(one("jump(usepartition, swap)").message())
                .isEqualTo("usepartition takes 2 arguments, not 1: write usepartition(PARTITION, MOUNTPOINT)");
        assertThat(one("jump(showvars, x)").message()).isEqualTo("showvars takes 0 arguments, not 1: write showvars()");
        assertThat(one("jump(copy, /only)").message()).contains("copy takes at least 2 arguments, not 1");
        assertThat(one("jump(reboot, 1m, 2m)").message()).contains("reboot takes 0 to 1 argument");
        assertThat(one("jump(hostkey)").message()).contains("hostkey takes 1 argument, not 0");
    }

    @Test
    void emptyArgumentsBadTimeoutsAndBadImageSizesAreProblems() {
        assertThat(one("jump(copy, a, , /x)").message()).contains("argument 2 of copy is empty");
        assertThat(one("jump(reboot, soon)").message()).contains("'soon' is not a duration");
        assertThat(problems("jump(reboot, 90s)\njump(reboot, 1h30m)\njump(reboot)\nT=5m\njump(reboot, %T%)\n")).isEmpty();
        assertThat(one("JUMP_IMAGE_SIZE=big").message()).contains("JUMP_IMAGE_SIZE 'big' is not a size");
        assertThat(problems("JUMP_IMAGE_SIZE=2G\n")).isEmpty();
    }

    @Test
    void linesThatAreNoStatementAreProblemsNamingTheForms() {
        assertThat(one("ls -l").message()).startsWith("not a statement: a line is a comment (# in column one), key=value");
        assertThat(one("my-dir=/x").message()).contains("'my-dir' is not a variable name");
        assertThat(one("1X=/x").message()).contains("'1X' is not a variable name");
        assertThat(one("remote").message()).contains("'remote' needs a command");
        assertThat(one("local   ''").message()).contains("'local' needs a command");
        assertThat(one("jump(usepartition, swap, /mnt").message()).contains("jump(...) must end the line: ')' is missing");
        assertThat(one("jump(showvars) # show them").message()).contains("a comment needs a line of its own");
        assertThat(one("jump()").message()).contains("jump() needs the name of a built-in");
        assertThat(one("jump(a b, c)").message()).contains("'a b' is not the name of a built-in");
        assertThat(one("X=`date").message()).contains("the command of X is not closed");
        assertThat(one("X=``").message()).contains("the command of X is empty");
    }

    @Test
    void everyProblemIsReportedWithItsLineInLineOrder() {
        String text = """
                # several mistakes
                A=1
                remote echo %A% %NOPE%
                jump(usepartition, swap)
                this is not a statement
                jump(dance)
                print %_JUMPDEV%
                remote cat %LATER%
                LATER=x
                """;
        List<RecipeProblem> p = problems(text);
        assertThat(p).extracting(RecipeProblem::line).containsExactly(3, 4, 5, 6, 8);
        assertThat(p).extracting(RecipeProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("%NOPE%"),
                m -> assertThat(m).contains("usepartition takes 2 arguments"),
                m -> assertThat(m).contains("not a statement"),
                m -> assertThat(m).contains("unknown built-in 'dance'"),
                m -> assertThat(m).contains("%LATER% is used before it is defined (line 9)"));
        assertThat(p).allSatisfy(problem -> assertThat(problem.file()).isEqualTo(FILE));
        assertThat(RecipeReader.parse(FILE, text).ok()).isFalse();
    }
}
