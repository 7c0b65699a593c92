package dev.baton.jump.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.RecipeReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dry run: every line per host with its variables replaced, placeholders for what only the host can tell. */
class PlanTest {
    private static final Path LOGS = Path.of("/var/log/jump");

    static Path resource(String name) {
        try {
            return Path.of(PlanTest.class.getResource("/jump2nr/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Recipe recipe(Path dir, String text) throws IOException {
        Path file = dir.resolve("r.cfg");
        Files.writeString(file, text);
        Recipe r = RecipeReader.read(file);
        assertThat(r.problems()).isEmpty();
        return r;
    }

    /** The golden file was reviewed line by line against the sample: each %name% replaced as the sample defines it. */
    @Test
    void theSampleForTwoHostsIsTheReviewedGoldenFileLineByLine() throws IOException {
        Recipe r = RecipeReader.read(resource("nextrel.cfg"));
        Plan plan = Plan.of(r, List.of("web1", "web2"), HostFacts.NONE, null, LOGS);
        List<String> text = PlanText.render(plan).lines().toList();
        assertThat(text.getFirst()).isEqualTo("recipe " + r.file() + ": 2 hosts; local commands run in " + r.directory());
        List<String> golden = Files.readAllLines(resource("nextrel.plan.txt"), StandardCharsets.UTF_8);
        assertThat(text.subList(1, text.size())).containsExactlyElementsOf(golden);
        assertThat(plan.steps("web1")).hasSize(30);
        assertThat(plan.hosts()).extracting(HostPlan::logFile).containsExactly(LOGS.resolve("web1.log"), LOGS.resolve("web2.log"));
    }

    @Test
    void hostFactsReplaceThePlaceholdersOfTheHostsThatAnswer() throws IOException {
        Map<String, String> web1 = Map.of("_JUMPPARTITION", "/dev/sda3", "_JUMPDEV", "/dev/sda", "_JUMPDEVICEID", "hd0,2");
        HostFacts facts = (host, variable) -> host.equals("web1") ? Optional.ofNullable(web1.get(variable)) : Optional.empty();
        Plan plan = Plan.of(RecipeReader.read(resource("nextrel.cfg")), List.of("web1", "web2"), facts, null, LOGS);
        assertThat(plan.steps("web1")).filteredOn(s -> s.line() == 51).singleElement()
                .isEqualTo(new PlannedStep(51, "remote", "grub-install --root-directory=/media/jump /dev/sda"));
        assertThat(plan.steps("web1")).filteredOn(s -> s.line() == 47).singleElement().extracting(PlannedStep::text)
                .isEqualTo("(cat /media/jump/boot/grub/menu.lst.saved | sed -e s:/dev/sda1:/dev/sda3: -e s:hd0,0:hd0,2: > /media/jump/boot/grub/menu.lst)");
        assertThat(plan.steps("web2")).filteredOn(s -> s.line() == 51).singleElement().extracting(PlannedStep::text)
                .isEqualTo("grub-install --root-directory=/media/jump ‹_JUMPDEV: set by usepartition on line 35›");
        // _MOUNTDIR was not answered: still a placeholder, for web1 too
        Plan mount = Plan.of(recipe(Files.createTempDirectory("plan"), "jump(usepartition, swap, /m)\nremote ls %_MOUNTDIR%\n"),
                List.of("web1"), facts);
        assertThat(mount.steps("web1").getLast().text()).isEqualTo("ls ‹_MOUNTDIR: set by usepartition on line 1›");
    }

    @Test
    void aPlanTouchesNothingUnlessAskedToRunTheOutputCommands(@TempDir Path dir) throws IOException {
        Recipe r = recipe(dir, "X=`touch made-by-x; echo x-%_HOST%`\nlocal touch made-by-local\nremote touch made-by-remote\nprint %X%\n");
        Plan plan = Plan.of(r, List.of("a", "b"), HostFacts.NONE);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("r.cfg");
        }
        assertThat(plan.steps("a")).containsExactly(
                new PlannedStep(1, "set", "X=‹X: output of `touch made-by-x; echo x-a`›"),
                new PlannedStep(2, "local", "touch made-by-local  # runs here, in the recipe's directory"),
                new PlannedStep(3, "remote", "touch made-by-remote"),
                new PlannedStep(4, "print", "‹X: output of `touch made-by-x; echo x-a`›"));
        assertThat(plan.hosts().getFirst().logFile()).isEqualTo(dir.resolve("logs").resolve("a.log"));
    }

    @Test
    void runLocalRunsEachDistinctOutputCommandOnceInTheRecipesDirectory(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("version"), "9.4\n");
        Recipe r = recipe(dir, "V=`cat version`\nH=`echo %_HOST% | tr a-z A-Z`\nremote echo %V% %H%\n");
        AtomicInteger runs = new AtomicInteger();
        LocalShell shell = new LocalShell();
        LocalCommands counting = (command, directory) -> {
            runs.incrementAndGet();
            return shell.run(command, directory);
        };
        Plan plan = Plan.of(r, List.of("web1", "web2"), HostFacts.NONE, counting, dir.resolve("logs"));
        assertThat(plan.steps("web1")).containsExactly(new PlannedStep(1, "set", "V=9.4  # output of `cat version`"),
                new PlannedStep(2, "set", "H=WEB1  # output of `echo web1 | tr a-z A-Z`"), new PlannedStep(3, "remote", "echo 9.4 WEB1"));
        assertThat(plan.steps("web2").getLast().text()).isEqualTo("echo 9.4 WEB2");
        assertThat(runs).hasValue(3);
    }

    @Test
    void aFailingOutputCommandShowsAsAPlaceholderWithItsExitStatus(@TempDir Path dir) throws IOException {
        Recipe r = recipe(dir, "V=`cat no-such-file`\nremote echo %V%\n");
        Plan plan = Plan.of(r, List.of("h"), HostFacts.NONE, new LocalShell(), dir);
        assertThat(plan.steps("h").getLast().text()).startsWith("echo ‹V: `cat no-such-file` failed with exit status 1: cat: no-such-file")
                .endsWith("›");
        Plan slow = Plan.of(recipe(dir, "V=`sleep 30`\n"), List.of("h"), HostFacts.NONE, new LocalShell(Duration.ofMillis(300)), dir);
        assertThat(slow.steps("h").getFirst().text()).contains("still running after 300 ms: stopped");
    }

    @Test
    void usepartitionSaysWhichSizeItWillCheck(@TempDir Path dir) throws IOException {
        assertThat(Plan.of(recipe(dir, "JUMP_IMAGE_SIZE=2G\njump(usepartition, /dev/sdb2, /mnt)\n"), List.of("h"), HostFacts.NONE)
                .steps("h").getLast().text()).isEqualTo("usepartition(/dev/sdb2, /mnt)  # take /dev/sdb2 out of use (swapoff or umount), "
                + "check it holds at least 2G (JUMP_IMAGE_SIZE), format it and mount it at /mnt; sets _JUMPPARTITION, _JUMPDEV, "
                + "_JUMPDEVICEID, _MOUNTDIR");
        Files.write(dir.resolve("jump.tgz"), new byte[1234]);
        assertThat(Plan.of(recipe(dir, "JUMP_TAR=jump.tgz\njump(usepartition, swap, /mnt)\n"), List.of("h"), HostFacts.NONE)
                .steps("h").getLast().text()).contains("find the host's swap partition, swapoff it, check it holds at least 1234 bytes (the size of jump.tgz)");
        assertThat(Plan.of(recipe(dir, "jump(usepartition, swap, /mnt)\n"), List.of("h"), HostFacts.NONE)
                .steps("h").getLast().text()).contains("size not checked (neither JUMP_IMAGE_SIZE nor JUMP_TAR is set)");
    }

    @Test
    void everyBuiltinIsShownWithWhatItWillDo(@TempDir Path dir) throws IOException {
        Recipe r = recipe(dir, "D=/tmp\nShowvars()\njump(copy, a.tgz, b.sh, %D%)\njump(hostkey, jump_key.pub)\njump(hostkey, SHA256:abc)\n"
                + "jump(reboot)\njump(reboot, 20m)\nremote shutdown -r now\n");
        assertThat(Plan.of(r, List.of("h"), HostFacts.NONE).steps("h")).extracting(PlannedStep::text).containsExactly(
                "D=/tmp",
                "showvars()  # write every variable and its value to the host's log: _HOST, _LOGFILE, D",
                "copy(a.tgz, b.sh, /tmp)  # upload a.tgz, b.sh (relative names: in the recipe's directory) to /tmp on the host over SSH",
                "hostkey(jump_key.pub)  # after its next reboot the host must present the key in jump_key.pub",
                "hostkey(SHA256:abc)  # after its next reboot the host must present the key SHA256:abc",
                "reboot()  # the host reboots: wait until it answers SSH again, at most 15m",
                "reboot(20m)  # the host reboots: wait until it answers SSH again, at most 20m",
                "shutdown -r now  # the host reboots: wait until it answers SSH again, at most 15m");
    }

    @Test
    void aRecipeWithProblemsHasNoPlan() {
        Recipe bad = RecipeReader.parse(Path.of("bad.cfg"), "print %NOPE%\n");
        assertThatThrownBy(() -> Plan.of(bad, List.of("h"), HostFacts.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.cfg:1: %NOPE% is not defined");
    }
}
