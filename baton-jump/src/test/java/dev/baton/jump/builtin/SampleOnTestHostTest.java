package dev.baton.jump.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.InternalVariables;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.RecipeReader;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.CommandResult;
import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.SshConnector;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's sample recipe, unchanged, line by line on a test host, with the building blocks a runner uses (SSH
 * sessions, the built-ins, the reboot helper; local lines in a shell with the test hosts' {@code sudo} and
 * {@code scp} first on PATH). Proves the test hosts carry the sample from its first line to its reboot into the jump
 * system; the fleet runner itself is tested elsewhere.
 */
class SampleOnTestHostTest {

    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theSeedsSampleRunsToItsRebootOnATestHost() throws Exception {
        Path recipeDir = Files.createDirectories(dir.resolve("recipe"));
        copyResource("jump2nr/nextrel.cfg", recipeDir.resolve("nextrel.cfg"));
        copyResource("jump2nr/jump2.sh", recipeDir.resolve("jump2.sh"));
        recipeDir.resolve("jump2.sh").toFile().setExecutable(true);
        jumpImage(recipeDir);
        Files.writeString(recipeDir.resolve("rc.local.client"), "#!/bin/sh\n");
        Files.writeString(recipeDir.resolve("rc.local.reconfigure.client"), "#!/bin/sh\n");
        Recipe recipe = RecipeReader.read(recipeDir.resolve("nextrel.cfg"));
        assertThat(recipe.problems()).isEmpty();

        try (TestHosts hosts = TestHosts.start(1, dir); SshConnector ssh = new SshConnector(hosts.settings())) {
            TestHost h = hosts.host("host1");
            h.onReboot(Duration.ofMillis(500), true);
            ExpectedHostKey jumpSystemKey = ExpectedHostKey.fromPublicKeyFile(h.nextHostKeyFile());
            List<String> log = new ArrayList<>();
            Variables vars = InternalVariables.forHost(h.name(), dir.resolve("logs"));
            BuiltinRunner builtins = new BuiltinRunner(recipeDir);
            HostSession session = ssh.connect(h.address(), Optional.empty());
            try {
                for (Statement s : recipe.statements()) {
                    switch (s) {
                        case Statement.Assign a -> vars = vars.with(a.name(), vars.expand(a.value()));
                        case Statement.AssignOutput a -> vars = vars.with(a.name(),
                                local(vars.expand(a.command()), recipeDir, hosts, log).strip());
                        case Statement.Print p -> log.add(vars.expand(p.message()));
                        case Statement.Local l -> local(vars.expand(l.command()), recipeDir, hosts, log);
                        case Statement.Remote r when r.reboots() -> session = Reboots.reboot(ssh, session,
                                vars.expand(r.command()), T, Optional.of(jumpSystemKey), log::add);
                        case Statement.Remote r -> {
                            CommandResult result = session.run(vars.expand(r.command()), T, log::add);
                            assertThat(result.exitStatus()).as("line " + r.line() + ": " + r.source() + "\n"
                                    + String.join("\n", log)).isZero();
                        }
                        case Statement.Builtin b -> {
                            BuiltinOutcome out = builtins.run(b, vars, session, log::add);
                            assertThat(out.succeeded()).as(out.message()).isTrue();
                            vars = out.vars();
                        }
                    }
                }
            } finally {
                session.close();
            }

            assertThat(vars.get(InternalVariables.JUMPPARTITION)).hasValue("/dev/sda2");
            assertThat(vars.get(Builtins.IMAGE_FILE_VARIABLE)).hasValue("jump.system.tgz");
            assertThat(h.reboots()).isEqualTo(1);
            assertThat(h.path("/media/jump/boot/grub/menu.lst")).content()
                    .contains("root (hd0,1)", "root=/dev/sda2").doesNotContain("hd0,0", "/dev/sda1");
            assertThat(h.path("/media/jump/etc/fstab")).content().contains("/dev/sda2 / ext3")
                    .doesNotContain("swap");
            assertThat(h.path("/media/jump/jumpfiles/target.pe1950.system.tgz")).exists();
            assertThat(h.path("/media/jump/etc/rc.local")).content()
                    .contains("/jumpfiles/jump2.sh restore /dev/sda1 /jumpfiles target.pe1950.system.tgz");
            assertThat(h.commandLog()).containsExactly("swapoff /dev/sda2", "mount /dev/sda2 /media/jump",
                    "grub-install --root-directory=/media/jump /dev/sda", "reboot ");
        }
    }

    /** A jump image and a target image as the sample expects them: tar files of a small root with menu.lst and fstab. */
    private void jumpImage(Path recipeDir) throws Exception {
        Path image = Files.createDirectories(dir.resolve("image"));
        Files.createDirectories(image.resolve("boot/grub"));
        Files.createDirectories(image.resolve("etc"));
        Files.writeString(image.resolve("boot/grub/menu.lst"),
                "title jump\nroot (hd0,0)\nkernel /vmlinuz root=/dev/sda1 ro\n");
        Files.writeString(image.resolve("etc/fstab"), "/dev/sda1 / ext3 defaults 0 1\n/dev/sda2 none swap sw 0 0\n");
        sh("tar czf " + recipeDir.resolve("jump.system.tgz") + " -C " + image + " .", dir);
        sh("tar czf " + recipeDir.resolve("target.pe1950.system.tgz") + " -C " + image + " etc", dir);
    }

    private static String local(String command, Path recipeDir, TestHosts hosts, List<String> log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(recipeDir.toFile());
        pb.environment().put("PATH", hosts.localBin() + ":" + System.getenv("PATH"));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
        log.add(out);
        return out;
    }

    private static void sh(String command, Path dir) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static void copyResource(String name, Path target) throws Exception {
        try (InputStream in = SampleOnTestHostTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Files.copy(in, target);
        }
    }
}
