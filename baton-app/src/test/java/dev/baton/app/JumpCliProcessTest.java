package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton jump check} and {@code baton jump plan} as an operator runs them, in their own process and with no
 * server: jump2nr's sample recipe, recipes with problems, files that cannot be read, bad host names.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JumpCliProcessTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The placeholders of a plan are not ASCII: the child writes UTF-8 as it would on an operator's terminal. */
    private static final Map<String, String> ENV = Map.of("LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path sample;

    @BeforeAll
    static void copySample() throws IOException {
        sample = dir.resolve("nextrel.cfg");
        Files.writeString(sample, resource("nextrel.cfg"));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = JumpCliProcessTest.class.getResourceAsStream("/jump2nr/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ChildJvm.Result baton(String... args) {
        ChildJvm.Result r = ChildJvm.run(ENV, TIMEOUT, args);
        ChildJvm.assertNoStackTrace(r);
        assertThat(r.err()).as("picocli warnings in %s", r).doesNotContain("[picocli WARN]");
        return r;
    }

    @Test
    void checkOfTheSampleFindsNoProblem() {
        ChildJvm.Result r = baton("jump", "check", sample.toString());
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).isEqualTo(sample + ": no problems (30 statements)\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void checkPrintsEveryProblemAsFileLineMessageAndExitsOne() throws IOException {
        Path bad = dir.resolve("bad.cfg");
        Files.writeString(bad, "A=1\nremote echo %A% %NOPE%\njump(usepartition, swap)\nnot a statement\njump(dance)\n");
        ChildJvm.Result r = baton("jump", "check", bad.toString());
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly(
                bad + ":2: %NOPE% is not defined: define it above this line (NOPE=value)",
                bad + ":3: usepartition takes 2 arguments, not 1: write usepartition(PARTITION, MOUNTPOINT)",
                bad + ":4: not a statement: a line is a comment (# in column one), key=value, key=`command`, print TEXT, "
                        + "local COMMAND, remote COMMAND or jump(BUILTIN, ARGUMENTS)",
                bad + ":5: unknown built-in 'dance': the built-ins are usepartition, showvars, copy, hostkey, reboot",
                "baton: " + bad + " has 4 problems; nothing was run");
        JsonNode json = json(baton("jump", "check", "--json", bad.toString()), 1);
        assertThat(json.path("ok").asBoolean()).isFalse();
        assertThat(json.path("problems")).extracting(p -> p.path("line").asInt()).containsExactly(2, 3, 4, 5);
    }

    @Test
    void aRecipeThatCannotBeReadIsAUsageErrorInWords() {
        ChildJvm.Result missing = baton("jump", "check", dir.resolve("nope.cfg").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("baton: cannot read the recipe " + dir.resolve("nope.cfg") + ": no such file\n");
        ChildJvm.Result directory = baton("jump", "plan", dir.toString(), "web1");
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).contains("cannot read the recipe " + dir + ": it is a directory");
    }

    @Test
    void planOfTheSampleForTwoHostsIsTheReviewedGoldenFile() throws IOException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# the second host\n\n  root@web2:2222  \n");
        ChildJvm.Result r = baton("jump", "plan", sample.toString(), "web1", "--hosts-file", hosts.toString(), "--log-dir", "/var/log/jump");
        assertThat(r.exit()).as("%s", r).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("recipe " + sample + ": 2 hosts; local commands run in " + dir);
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(resource("nextrel.plan.txt").lines().toList());
    }

    @Test
    void planAsJsonAndWithTheLocalCommandsRun() throws IOException {
        JsonNode plan = json(baton("jump", "plan", "--json", "--run-local", sample.toString(), "web1=10.0.0.1:22"), 0);
        assertThat(plan.path("directory").asText()).isEqualTo(dir.toString());
        JsonNode web1 = plan.path("hosts").get(0);
        assertThat(web1.path("host").asText()).isEqualTo("web1");
        assertThat(web1.path("logFile").asText()).isEqualTo(dir.resolve("logs").resolve("web1.log").toString());
        assertThat(web1.path("steps").get(4).toString())
                .isEqualTo("{\"line\":9,\"kind\":\"set\",\"text\":\"NEW_TARGET_TAR=target.pe1950.system.tgz  # output of `basename target.pe1950.system.tgz`\"}");
        assertThat(web1.path("steps").get(22).path("text").asText())
                .isEqualTo("/jumpfiles/jump2.sh save /dev/sda1 /media/jump /jumpfiles /jumpfiles target.pe1950.system.tgz");
        assertThat(Files.exists(dir.resolve("logs"))).as("a plan writes no log").isFalse();
    }

    @Test
    void aPlanRefusesARecipeWithProblemsAndBadHosts() throws IOException {
        Path bad = dir.resolve("undefined.cfg");
        Files.writeString(bad, "remote ls %DIR%\n");
        ChildJvm.Result problems = baton("jump", "plan", bad.toString(), "web1");
        assertThat(problems.exit()).isEqualTo(1);
        assertThat(problems.out()).isEmpty();
        assertThat(problems.err()).startsWith(bad + ":1: %DIR% is not defined");
        ChildJvm.Result none = baton("jump", "plan", sample.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("baton: name at least one host to plan for: HOST... or --hosts-file FILE\n");
        ChildJvm.Result escape = baton("jump", "plan", sample.toString(), "../etc");
        assertThat(escape.exit()).isEqualTo(2);
        assertThat(escape.err()).contains("'../etc' is not a host");
        ChildJvm.Result twice = baton("jump", "plan", sample.toString(), "web1", "root@web1:22");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("the host web1 is named twice");
        ChildJvm.Result noFile = baton("jump", "plan", sample.toString(), "--hosts-file", dir.resolve("none").toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("cannot read the hosts file " + dir.resolve("none") + ": no such file");
    }

    private static JsonNode json(ChildJvm.Result r, int exit) throws IOException {
        assertThat(r.exit()).as("%s", r).isEqualTo(exit);
        return JSON.readTree(r.out());
    }
}
