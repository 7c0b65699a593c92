package dev.baton.agent.cli;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.ConfigLoader;
import dev.baton.agent.config.ConfigProblem;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.log.AgentLog;
import java.nio.file.Path;

/** Loading the configuration for a command: problems are printed, never thrown. */
final class Configs {

    private Configs() {
    }

    /** The config, or null after printing its errors to stderr; warnings go to {@code log} when given, else stderr. */
    static AgentConfig load(Path cfg, AgentContext ctx, boolean quietWarnings) {
        Path file = cfg != null ? cfg : ConfigLoader.defaultLocation();
        ConfigLoader.Result result = ConfigLoader.load(file, ctx.env(), false);
        if (!result.ok()) {
            for (ConfigProblem p : result.errors()) {
                ctx.err().println(p);
            }
            ctx.err().println("error: the configuration has errors; nothing was done (baton-agent check-config --cfg " + file
                    + " lists every problem)");
            return null;
        }
        if (!quietWarnings) {
            for (ConfigProblem p : result.warnings()) {
                ctx.err().println(p);
            }
        }
        return result.config();
    }

    static AgentLog log(AgentConfig config, AgentContext ctx) {
        return AgentLog.withFile(ctx.err(), ctx.clock(), config.logLevel(), config.log(), config.logRetention());
    }
}
