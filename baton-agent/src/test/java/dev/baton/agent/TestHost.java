package dev.baton.agent;

import dev.baton.agent.host.AgentContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated host in a temporary directory: phase directories, a config file, a marker file every script
 * appends its phase and name to, and the agent run in this JVM with captured output.
 */
public final class TestHost {

    public final Path base;
    public final Path marker;
    public final Path config;
    public final Path state;
    private final StringBuilder extra = new StringBuilder();
    public String lastOut = "";
    public String lastErr = "";
    public Clock clock = Clock.systemUTC();
    public final List<java.time.Duration> sleeps = new ArrayList<>();
    /** The boot id the agent sees (null: the host does not say); change it to "reboot" the host. */
    public String bootId = "boot-1";

    /** The phase directories a run needs (as an install makes them), so far empty. */
    public static final List<String> PHASE_DIRS = List.of("needs_update.d", "pre_update.d", "update.d", "needs_reboot.d", "post_update.d");

    public TestHost(Path base) {
        this.base = base;
        this.marker = base.resolve("marker");
        this.config = base.resolve("agent.ini");
        this.state = base.resolve("state");
        PHASE_DIRS.forEach(d -> TestFiles.mkdirs(base.resolve(d)));
    }

    /** A script that appends "phase/name" to the marker file and exits {@code exit}. */
    public Path script(String phase, String name, int exit) {
        return TestFiles.script(base.resolve(phase + ".d"), name, "echo \"$DLM_ENGINE_UPDATER_PHASE/" + name + "\" >> " + marker
                + "\nexit " + exit);
    }

    /** A script that appends "phase/name" to the marker file and exits {@code exit} while {@code flag} exists, else 0. */
    public Path scriptFailingWhile(String phase, String name, Path flag, int exit) {
        return scriptBody(phase, name, "echo \"$DLM_ENGINE_UPDATER_PHASE/" + name + "\" >> " + marker + "\n[ -e " + flag + " ] && exit "
                + exit + "\nexit 0");
    }

    public Path scriptBody(String phase, String name, String body) {
        return TestFiles.script(base.resolve(phase + ".d"), name, body);
    }

    /** Extra config lines (after [baton]). */
    public TestHost with(String line) {
        extra.append(line).append('\n');
        return this;
    }

    public void writeConfig() {
        String text = "[baton]\nlock_name = web\nholder = host-1\nbase_dir = " + base + "\nstate = " + state + "\nlock = "
                + base.resolve("agent.lock") + "\nlog = " + base.resolve("log/agent.log") + "\n" + extra;
        if (!extra.toString().contains("protocol") && !extra.toString().contains("server")) {
            text += "protocol = none\n";
        }
        if (!extra.toString().contains("reboot_cmd")) {
            text += "reboot_cmd = echo reboot/reboot_cmd >> " + marker + "\n";
        }
        TestFiles.write(config, text);
    }

    /** Writes the config and runs {@code baton-agent args --cfg <config>} in this JVM (refresh-config: without --cfg). */
    public int run(String... args) {
        writeConfig();
        List<String> all = new ArrayList<>(List.of(args));
        if (all.isEmpty() || !all.getFirst().equals("refresh-config")) {
            all.add("--cfg");
            all.add(config.toString());
        }
        return runWithoutConfig(all.toArray(String[]::new));
    }

    /** Runs {@code baton-agent args} exactly as given, leaving the config file as it is. */
    public int runWithoutConfig(String... all) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentContext ctx = new AgentContext(clock, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), d -> {
                    sleeps.add(d);
                    Thread.sleep(Math.min(d.toMillis(), 50));
                }, new Random(1), () -> java.util.Optional.ofNullable(bootId));
        int rc = AgentMain.run(ctx, all);
        lastOut = out.toString(StandardCharsets.UTF_8);
        lastErr = err.toString(StandardCharsets.UTF_8);
        return rc;
    }

    /** The marker file's lines. */
    public List<String> ran() {
        return TestFiles.read(marker).lines().toList();
    }

    public String state() {
        return TestFiles.read(state).lines().findFirst().orElse("");
    }
}
