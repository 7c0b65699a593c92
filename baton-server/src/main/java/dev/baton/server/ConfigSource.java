package dev.baton.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;

/**
 * Defaults for a picocli command from a config file and the environment, in that order of precedence
 * below the command line: an option {@code --data-dir} is the key {@code data-dir} in the file and the
 * variable {@code BATON_DATA_DIR}.
 *
 * <p>The file has one {@code key = value} per line; {@code #} starts a comment. An unknown key or a
 * line without {@code =} is an error naming the file and line, so a typo never silently falls back to
 * a default.
 */
public final class ConfigSource implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> file;
    private final Map<String, String> env;

    private ConfigSource(Map<String, String> file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /**
     * Reads {@code configFile} (may be null) for the options of {@code spec}.
     *
     * @throws CommandLine.ParameterException with a message naming the file, line and problem
     */
    public static ConfigSource load(CommandLine.Model.CommandSpec spec, Path configFile, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        if (configFile != null) {
            Set<String> known = new java.util.TreeSet<>();
            spec.options().forEach(o -> known.add(key(o)));
            known.remove("config");
            List<String> lines;
            try {
                lines = Files.readAllLines(configFile);
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "config file " + configFile + " does not exist");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot read config file " + configFile + ": " + e.getMessage());
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String where = configFile + " line " + (i + 1);
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), where + ": expected 'key = value', got '" + line + "'");
                }
                String key = line.substring(0, eq).strip();
                if (!known.contains(key)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), where + ": unknown setting '" + key
                            + "'; known settings: " + String.join(", ", known));
                }
                values.put(key, line.substring(eq + 1).strip());
            }
        }
        return new ConfigSource(values, env);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option)) {
            return arg.defaultValue();
        }
        String key = key(option);
        String fromEnv = env.get("BATON_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String fromFile = file.get(key);
        return fromFile != null ? fromFile : option.defaultValue();
    }

    private static String key(CommandLine.Model.OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }
}
