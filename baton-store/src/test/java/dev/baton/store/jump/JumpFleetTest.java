package dev.baton.store.jump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.jobs.Job;
import dev.baton.jobs.JobQuery;
import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpGroups;
import dev.baton.jump.run.JumpRunHandler;
import dev.baton.jump.run.JumpRuns;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Protocol;
import dev.baton.jump.run.JumpStep;
import dev.baton.jump.run.RunState;
import dev.baton.jump.run.StepState;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs across a fleet of real test hosts (one sshd each on loopback), with the real lock service, store and durable
 * jobs: at most N hosts mid-jump (read from the run lock's history, not from timing), a failure stops the wave, a
 * host that never comes back after a reboot fails, and a runner that dies mid-run is resumed with nothing run twice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JumpFleetTest {

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T opened(T c) {
        open.add(c);
        return c;
    }

    private TestHosts hosts(int count) throws Exception {
        return opened(TestHosts.start(count, tmp.resolve("hosts")));
    }

    private Database database() {
        return opened(Database.embedded(tmp.resolve("data"), false));
    }

    private JumpFleet fleet(Database db, TestHosts hosts, Duration lease) {
        return opened(new JumpFleet(db, hosts, tmp.resolve("logs"), lease)).start();
    }

    private Path recipe(String text) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("recipes"));
        Path file = dir.resolve("trivial.cfg");
        Files.writeString(file, text);
        return file;
    }

    private static List<String> addresses(TestHosts hosts) {
        return hosts.hosts().stream().map(h -> h.address().toString()).toList();
    }

    @Test
    void twelveHostsThreeAtATimeNeverMoreThanThreeMidJump() throws Exception {
        TestHosts hosts = hosts(12);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = recipe("""
                # every host sleeps a little, so that slots overlap
                GREETING=hello
                remote echo %GREETING% from %_HOST%
                remote sleep 0.3
                print %_HOST% is done
                """);
        JumpRun run = fleet.start("wave", recipe, Files.readString(recipe), addresses(hosts), 3, 1);
        JumpRun ended = fleet.awaitEnd("wave");

        assertThat(ended.state()).as(fleet.describe("wave")).isEqualTo(RunState.FINISHED);
        assertThat(fleet.runs.hosts("wave")).extracting(JumpHost::state).containsOnly(HostState.DONE);
        List<LockEvent> history = fleet.history(run);
        assertThat(history.stream().filter(e -> e.type() == EventType.ACQUIRE).map(LockEvent::holder).distinct())
                .as("each host took a slot once").hasSize(12);
        assertThat(history.stream().filter(e -> e.type() == EventType.RELEASE)).as("and gave it back").hasSize(12);
        assertThat(history).as("nobody was refused: slots are handed out only when free")
                .noneMatch(e -> e.type() == EventType.REFUSE);
        assertThat(JumpFleet.mostAtOnce(history)).as("hosts mid-jump at once").isEqualTo(3);
        JumpStep echo = fleet.runs.steps("wave", "host1").getFirst();
        assertThat(echo.text()).isEqualTo("remote echo hello from host1");
        assertThat(echo.output()).isEqualTo("hello from host1\n");
        assertThat(echo.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(echo.exitStatus()).isZero();
        assertThat(Files.readString(tmp.resolve("logs/wave/host1.log"))).contains("hello from host1", "host1 is done");
    }

    @Test
    void oneFailingHostStopsTheWaveAndKeepsItsSlotUntilAnOperatorSkipsIt() throws Exception {
        TestHosts hosts = hosts(6);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = recipe("""
                remote test %_HOST% != host2
                remote echo after the check
                """);
        JumpRun run = fleet.start("failing", recipe, Files.readString(recipe), addresses(hosts), 2, 1);
        fleet.await("failing", r -> r.state() == RunState.STOPPED);
        JumpHost failed = fleet.awaitHost("failing", "host2", HostState.FAILED);
        assertThat(failed.message()).contains("line 1 failed", "exit status 1");
        long startedWhenStopped = fleet.runs.hosts("failing").stream().filter(h -> h.state() != HostState.WAITING).count();
        Thread.sleep(1_000); // the wave really stopped: give it time to go wrong
        assertThat(fleet.locks.reader().show(run.lockName()).orElseThrow().isHeldBy("host2")).as("keeps its slot").isTrue();
        long started = fleet.runs.hosts("failing").stream().filter(h -> h.state() != HostState.WAITING).count();
        assertThat(started).as("nobody started after the run stopped").isEqualTo(startedWhenStopped);
        assertThat(fleet.runs.hosts("failing").getLast().state()).isEqualTo(HostState.WAITING);

        assertThat(fleet.runs.decide("failing", "host2", Decision.SKIP)).isTrue();
        JumpRun ended = fleet.awaitEnd("failing");
        assertThat(ended.state()).as(fleet.describe("failing")).isEqualTo(RunState.FINISHED);
        assertThat(fleet.runs.hosts("failing")).extracting(JumpHost::state).containsOnly(HostState.DONE);
        assertThat(fleet.runs.steps("failing", "host2")).extracting(JumpStep::state)
                .containsExactly(StepState.SKIPPED, StepState.SUCCEEDED);
        assertThat(JumpFleet.mostAtOnce(fleet.history(run))).isLessThanOrEqualTo(2);
    }

    @Test
    void aGroupIsTheHostsThatTookItsLockByRegisteredNameAndAnUnknownOrEmptyGroupIsRefused() throws Exception {
        JumpFleet fleet = fleet(database(), hosts(1), Duration.ofSeconds(30));
        fleet.registry.add("web2.example.com", List.of("0a1b2c3d4e5f60718293a4b5c6d7e8f9"));
        fleet.locks.policy().setSlots("web", 3, "alice");
        take(fleet, "web", "web1.example.com", Protocol.NATIVE);
        fleet.locks.service().release("web", "web1.example.com", "web1.example.com", Protocol.NATIVE, false);
        take(fleet, "web", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", Protocol.FLEETLOCK); // Zincati: its machine id
        take(fleet, "web", "web3.example.com", Protocol.DLM_V2); // holds it now
        take(fleet, "web", "jump-run-x", Protocol.SYSTEM); // Baton's own holder: no host of the group
        take(fleet, "db", "db1.example.com", Protocol.FOREMAN);
        fleet.locks.policy().setSlots("empty", 2, "alice");
        Path recipe = recipe("remote true\n");

        JumpRun run = fleet.runs.start(new JumpRuns.StartRequest("grouped", recipe.toString(), "remote true\n",
                recipe.getParent().toString(), List.of(), "web", 2, 0), "alice");
        assertThat(fleet.runs.hosts(run.name())).extracting(JumpHost::name)
                .as("by registered name, in name order").containsExactly("web1.example.com", "web2.example.com",
                        "web3.example.com");
        assertThat(fleet.runs.group("web").orElseThrow().hosts()).extracting(JumpGroups.GroupHost::holder,
                JumpGroups.GroupHost::registered).containsExactly(tuple("web1.example.com", false),
                tuple("0a1b2c3d4e5f60718293a4b5c6d7e8f9", true), tuple("web3.example.com", false));
        fleet.runs.abort(run.name(), "alice");

        assertThatThrownBy(() -> fleet.runs.start(new JumpRuns.StartRequest("unknown", recipe.toString(),
                "remote true\n", recipe.getParent().toString(), List.of(), "nosuch", 1, 0), "alice"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("there is no group nosuch",
                        "no lock named nosuch", "'baton lock list'");
        assertThatThrownBy(() -> fleet.runs.start(new JumpRuns.StartRequest("empty", recipe.toString(),
                "remote true\n", recipe.getParent().toString(), List.of(), "empty", 1, 0), "alice"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("the group empty has no hosts",
                        "name the hosts instead");
        assertThatThrownBy(() -> fleet.runs.start(new JumpRuns.StartRequest("both", recipe.toString(),
                "remote true\n", recipe.getParent().toString(), List.of("h1"), "web", 1, 0), "alice"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("give the hosts or a group, not both");
        assertThat(fleet.runs.get("unknown")).as("nothing stored").isEmpty();
        assertThat(fleet.runs.group("db").orElseThrow().names()).containsExactly("db1.example.com");
    }

    private static void take(JumpFleet fleet, String lock, String holder, Protocol door) {
        assertThat(fleet.locks.service().acquire(new AcquireRequest(lock, holder, holder, door, Duration.ZERO, true))
                .granted()).isTrue();
    }

    @Test
    void hostsRefusedByTheirPreChecksCountTowardMaxFailuresAndTheRunSaysWhich() throws Exception {
        TestHosts hosts = hosts(2);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = recipe("remote echo ok\n");
        List<String> all = new java.util.ArrayList<>(List.of("bad1=127.0.0.1:1", "bad2=127.0.0.1:1"));
        all.addAll(addresses(hosts));
        fleet.start("refusals", recipe, Files.readString(recipe), all, 1, 2);
        JumpRun stopped = fleet.await("refusals", r -> r.state() == RunState.STOPPED || !r.state().active());
        assertThat(stopped.state()).as(fleet.describe("refusals")).isEqualTo(RunState.STOPPED);
        assertThat(stopped.message()).contains("2 hosts failed or were refused (--max-failures 2)",
                "bad1 refused: not started: cannot reach it over SSH", "bad2 refused");
        Thread.sleep(1_000); // the wave really stopped: give it time to go wrong
        assertThat(fleet.runs.hosts("refusals")).extracting(JumpHost::name, JumpHost::state).containsExactly(
                tuple("bad1", HostState.REFUSED), tuple("bad2", HostState.REFUSED), tuple("host1", HostState.WAITING),
                tuple("host2", HostState.WAITING));
        assertThat(fleet.locks.reader().show("jump-refusals").orElseThrow().holders()).as("they took no slot").isEmpty();

        assertThat(fleet.runs.abort("refusals", "bob")).isTrue();
        assertThat(fleet.awaitEnd("refusals").state()).isEqualTo(RunState.ABORTED);
        assertThat(fleet.runs.host("refusals", "bad1").orElseThrow().state()).as("refused stays refused")
                .isEqualTo(HostState.REFUSED);
    }

    @Test
    void aRetriedLineRunsAgainInTheSlotTheHostKept() throws Exception {
        TestHosts hosts = hosts(1);
        TestHost host = hosts.hosts().getFirst();
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path flag = host.path("/ready"); // the host's commands see its root as /
        Path recipe = recipe("remote test -e /ready\nremote echo went on\n");
        fleet.start("retry", recipe, Files.readString(recipe), addresses(hosts), 1, 1);
        fleet.awaitHost("retry", "host1", HostState.FAILED);
        Files.writeString(flag, "");
        assertThat(fleet.runs.decide("retry", "host1", Decision.RETRY)).isTrue();
        assertThat(fleet.awaitEnd("retry").state()).isEqualTo(RunState.FINISHED);
        assertThat(fleet.runs.steps("retry", "host1")).extracting(JumpStep::state)
                .containsExactly(StepState.FAILED, StepState.SUCCEEDED, StepState.SUCCEEDED);
    }

    @Test
    void anAbortStopsEveryHostAndGivesBackEverySlot() throws Exception {
        TestHosts hosts = hosts(3);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = recipe("remote test %_HOST% != host1\nremote echo ok\n");
        JumpRun run = fleet.start("aborted", recipe, Files.readString(recipe), addresses(hosts), 1, 1);
        fleet.awaitHost("aborted", "host1", HostState.FAILED);
        assertThat(fleet.runs.abort("aborted", "bob")).isTrue();
        JumpRun ended = fleet.awaitEnd("aborted");
        assertThat(ended.state()).isEqualTo(RunState.ABORTED);
        assertThat(ended.message()).contains("aborted by bob");
        assertThat(fleet.runs.hosts("aborted")).extracting(JumpHost::state).containsOnly(HostState.ABORTED);
        assertThat(fleet.locks.reader().show(run.lockName()).orElseThrow().holders()).isEmpty();
        assertThat(fleet.runs.abort("aborted", "bob")).as("once").isFalse();
    }

    @Test
    void anAbortEndsTheRemoteCommandsRunningAndRecordsTheirLinesAsEndedByIt() throws Exception {
        TestHosts hosts = hosts(2);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        String token = "never-" + java.util.UUID.randomUUID();
        Path recipe = recipe("remote echo started %_HOST%; sleep 600; echo " + token + "\nremote echo next\n");
        JumpRun run = fleet.start("cut", recipe, Files.readString(recipe), addresses(hosts), 2, 1);
        for (String host : List.of("host1", "host2")) {
            fleet.await("cut", r -> fleet.runs.steps("cut", host).stream().anyMatch(st -> st.output().contains("started")));
        }
        List<ProcessHandle> remote = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(token))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())).toList();
        assertThat(remote).as("each host's shell and its sleep").hasSizeGreaterThanOrEqualTo(4);

        long start = System.nanoTime();
        assertThat(fleet.runs.abort("cut", "bob")).isTrue();
        JumpRun ended = fleet.awaitEnd("cut");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(ended.state()).isEqualTo(RunState.ABORTED);
        assertThat(took).as("the abort did not wait for the lines").isLessThan(Duration.ofSeconds(10));
        for (String host : List.of("host1", "host2")) {
            JumpStep step = fleet.runs.steps("cut", host).getLast();
            assertThat(step.state()).as(host).isEqualTo(StepState.ABORTED);
            assertThat(step.output()).contains("started " + host).doesNotContain(token);
            JumpHost h = fleet.runs.host("cut", host).orElseThrow();
            assertThat(h.state()).isEqualTo(HostState.ABORTED);
            assertThat(h.message()).contains("line 1 was ended by the abort");
            assertThat(fleet.runs.steps("cut", host)).as("the next line never ran").hasSize(1);
        }
        assertThat(fleet.locks.reader().show(run.lockName()).orElseThrow().holders()).isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (remote.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(remote).as("the remote commands really ended, sleep included").noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void cancellingTheRunsJobAbortsTheRun() throws Exception {
        TestHosts hosts = hosts(3);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = recipe("remote test %_HOST% != host1\nremote echo ok\n");
        JumpRun run = fleet.start("cancelled", recipe, Files.readString(recipe), addresses(hosts), 1, 1);
        fleet.awaitHost("cancelled", "host1", HostState.FAILED);
        Job job = fleet.jobs.list(new JobQuery(JumpRunHandler.KIND, null, null, 10)).jobs().getFirst();
        assertThat(fleet.jobs.cancel(job.id(), "carol")).isPresent();
        JumpRun ended = fleet.awaitEnd("cancelled");
        assertThat(ended.state()).as("an operator's cancel of the job is an abort, not a stop to resume later")
                .isEqualTo(RunState.ABORTED);
        assertThat(ended.message()).contains("aborted by carol");
        assertThat(fleet.runs.hosts("cancelled")).extracting(JumpHost::state).containsOnly(HostState.ABORTED);
        assertThat(fleet.locks.reader().show(run.lockName()).orElseThrow().holders()).isEmpty();
    }

    @Test
    void aRunnerThatDiesMidRunIsResumedWithNothingRunTwice() throws Exception {
        TestHosts hosts = hosts(4);
        Database db = database();
        JumpFleet first = fleet(db, hosts, Duration.ofSeconds(2));
        Path counts = Files.createDirectories(tmp.resolve("counts"));
        StringBuilder text = new StringBuilder("COUNTED=`echo x >> " + counts + "/local-%_HOST%; echo counted`\n");
        for (int i = 1; i <= 6; i++) {
            text.append("remote echo line").append(i).append(" %COUNTED% >> /executions; sleep 0.3\n");
        }
        Path recipe = recipe(text.toString());
        first.start("resumed", recipe, text.toString(), addresses(hosts), 2, 0);
        long deadline = System.nanoTime() + JumpFleet.PATIENCE.toNanos();
        while (hosts.hosts().stream().mapToLong(h -> first.runs.steps("resumed", h.name()).stream()
                .filter(st -> st.state() == StepState.SUCCEEDED).count()).sum() < 5) {
            assertThat(System.nanoTime()).as("5 lines ran").isLessThan(deadline);
            Thread.sleep(20);
        }
        first.jobs.halt(); // as kill -9: nothing more is released or finished; the job's lock runs out after its lease

        JumpFleet second = fleet(db, hosts, Duration.ofSeconds(2));
        // Hosts caught mid-line keep their slots and wait for an operator; while they hold every slot nobody starts.
        second.await("resumed", r -> !r.state().active() || second.runs.hosts("resumed").stream()
                .anyMatch(h -> h.state() == HostState.INTERRUPTED) && second.runs.hosts("resumed").stream()
                .noneMatch(h -> h.state() == HostState.RUNNING));
        List<String> interrupted = second.runs.hosts("resumed").stream()
                .filter(h -> h.state() == HostState.INTERRUPTED).map(JumpHost::name).toList();
        for (String host : interrupted) {
            JumpStep step = second.runs.steps("resumed", host).getLast();
            assertThat(step.state()).isEqualTo(StepState.INTERRUPTED);
            assertThat(second.runs.host("resumed", host).orElseThrow().message()).contains("line " + step.line(),
                    "retry or skip");
            assertThat(second.runs.decide("resumed", host, Decision.SKIP)).isTrue();
        }
        JumpRun ended = second.awaitEnd("resumed");
        assertThat(ended.state()).as(second.describe("resumed")).isEqualTo(RunState.FINISHED);
        for (TestHost h : hosts.hosts()) {
            String name = h.name();
            assertThat(Files.readAllLines(counts.resolve("local-" + name))).as("the local command of " + name + " ran once")
                    .hasSize(1);
            List<String> lines = Files.readAllLines(h.path("/executions"));
            assertThat(lines).as("no line of " + name + " ran twice").doesNotHaveDuplicates();
            assertThat(lines).allMatch(l -> l.endsWith(" counted"));
            List<Integer> skipped = second.runs.steps("resumed", name).stream()
                    .filter(st -> st.state() == StepState.SKIPPED).map(JumpStep::line).toList();
            for (int line = 2; line <= 7; line++) {
                if (!skipped.contains(line)) {
                    assertThat(lines).as(name + " ran line " + line).contains("line" + (line - 1) + " counted");
                }
            }
        }
    }

    @Test
    void aHostThatNeverComesBackAfterARebootTimesOutIntoFailed() throws Exception {
        TestHosts hosts = hosts(2);
        hosts.host("host1").neverComesBackAfterReboot();
        hosts.host("host2").onReboot(Duration.ofSeconds(1), false);
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = recipe("remote echo before\njump(reboot, 4s)\nremote echo after > /after\n");
        fleet.start("reboots", recipe, Files.readString(recipe), addresses(hosts), 2, 0);
        JumpHost failed = fleet.awaitHost("reboots", "host1", HostState.FAILED);
        assertThat(failed.line()).isEqualTo(2);
        assertThat(failed.message()).contains("line 2 failed", "did not come back within PT4S");
        fleet.awaitHost("reboots", "host2", HostState.DONE);
        assertThat(hosts.host("host2").reboots()).isEqualTo(1);
        assertThat(hosts.host("host2").path("/after")).hasContent("after\n");
        assertThat(hosts.host("host1").path("/after")).doesNotExist();
        assertThat(fleet.runs.steps("reboots", "host1").getLast().state()).isEqualTo(StepState.FAILED);
    }

    @Test
    void aRebootIntoANewHostKeyGoesOnOnlyWhenTheRecipeDeclaredIt() throws Exception {
        TestHosts hosts = hosts(2);
        for (TestHost h : hosts.hosts()) {
            h.onReboot(Duration.ofMillis(500), true);
        }
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path declared = recipe("""
                jump(hostkey, %s)
                remote reboot
                remote echo back > /back
                """.formatted(hosts.host("host1").nextHostKeyFile()));
        fleet.start("declared", declared, Files.readString(declared), List.of(hosts.host("host1").address().toString()),
                1, 0);
        assertThat(fleet.awaitEnd("declared").state()).as(fleet.describe("declared")).isEqualTo(RunState.FINISHED);
        assertThat(hosts.host("host1").path("/back")).hasContent("back\n");
        assertThat(fleet.runs.host("declared", "host1").orElseThrow().expectedHostKey()).startsWith("SHA256:");

        Path undeclared = recipe("remote reboot\nremote echo back > /back\n");
        fleet.start("undeclared", undeclared, Files.readString(undeclared),
                List.of(hosts.host("host2").address().toString()), 1, 0);
        JumpHost refused = fleet.awaitHost("undeclared", "host2", HostState.FAILED);
        assertThat(refused.line()).isEqualTo(1);
        assertThat(hosts.host("host2").path("/back")).doesNotExist();
    }

    @Test
    void theSeedsSampleRecipeRunsEndToEndOnTwoHosts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("sample"));
        for (String name : List.of("nextrel.cfg", "jump2.sh")) {
            try (var in = getClass().getClassLoader().getResourceAsStream("jump2nr/" + name)) {
                assertThat(in).as(name).isNotNull();
                Files.copy(in, dir.resolve(name));
            }
        }
        dir.resolve("jump2.sh").toFile().setExecutable(true);
        Path image = Files.createDirectories(tmp.resolve("image"));
        Files.createDirectories(image.resolve("boot/grub"));
        Files.createDirectories(image.resolve("etc"));
        Files.writeString(image.resolve("boot/grub/menu.lst"), "title jump\nroot (hd0,0)\nkernel /vmlinuz root=/dev/sda1 ro\n");
        Files.writeString(image.resolve("etc/fstab"), "/dev/sda1 / ext3 defaults 0 1\n/dev/sda2 none swap sw 0 0\n");
        sh("tar czf " + dir.resolve("jump.system.tgz") + " -C " + image + " .");
        sh("tar czf " + dir.resolve("target.pe1950.system.tgz") + " -C " + image + " etc");
        Files.writeString(dir.resolve("rc.local.client"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("rc.local.reconfigure.client"), "#!/bin/sh\n");

        TestHosts hosts = hosts(2);
        for (TestHost h : hosts.hosts()) {
            h.onReboot(Duration.ofMillis(500), false); // the sample declares no host key change
        }
        JumpFleet fleet = fleet(database(), hosts, Duration.ofSeconds(30));
        Path recipe = dir.resolve("nextrel.cfg");
        fleet.start("sample", recipe, Files.readString(recipe), addresses(hosts), 1, 1);
        JumpRun ended = fleet.awaitEnd("sample");

        assertThat(ended.state()).as(fleet.describe("sample")).isEqualTo(RunState.FINISHED);
        for (TestHost h : hosts.hosts()) {
            assertThat(fleet.runs.host("sample", h.name()).orElseThrow().state()).isEqualTo(HostState.DONE);
            assertThat(h.reboots()).isEqualTo(1);
            assertThat(h.path("/media/jump/boot/grub/menu.lst")).content()
                    .contains("root (hd0,1)", "root=/dev/sda2").doesNotContain("hd0,0", "/dev/sda1");
            assertThat(h.path("/media/jump/etc/rc.local")).content()
                    .contains("/jumpfiles/jump2.sh restore /dev/sda1 /jumpfiles target.pe1950.system.tgz");
            assertThat(h.commandLog()).containsExactly("swapoff /dev/sda2", "mount /dev/sda2 /media/jump",
                    "grub-install --root-directory=/media/jump /dev/sda", "reboot ");
            assertThat(fleet.runs.host("sample", h.name()).orElseThrow().variables())
                    .containsEntry("_JUMPPARTITION", "/dev/sda2").containsEntry("NEW_TARGET_TAR", "target.pe1950.system.tgz");
        }
        assertThat(Files.readString(tmp.resolve("logs/sample/host1.log"))).contains("Copying files to host1",
                "Jump system ready for reboot");
        assertThat(JumpFleet.mostAtOnce(fleet.history(fleet.runs.get("sample").orElseThrow()))).isEqualTo(1);
    }

    private void sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
