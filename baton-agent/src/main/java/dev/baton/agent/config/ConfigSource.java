package dev.baton.agent.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A configuration file read as text and recognised: which of the four formats it is, and its keys with their
 * lines, before any key means anything. A dotenv file is one named {@code *.env}, or one without a
 * {@code [section]} that has {@code main_*} keys; an INI file with a {@code [baton]} section is Baton's own, one
 * with {@code [main]} and {@code foreman_url} foreman_dlm_updater's, any other {@code [main]} DLMEngineUpdater's.
 *
 * @param entries the keys of the section that counts (lower-case, as in the file), in file order; for dotenv with
 *                the environment's {@code main_*} and {@code plugin_*} variables over them (line 0)
 */
record ConfigSource(ConfigFormat format, Map<String, IniFile.Entry> entries) {

    private static final Pattern DOTENV_LINE = Pattern.compile("(?im)^\\s*(export\\s+)?main_\\w+\\s*=");

    /** Reads {@code file}; null (with the reason in {@code problems}) when it is not a configuration this agent reads. */
    static ConfigSource read(Path file, Map<String, String> env, List<ConfigProblem> problems) {
        String name = file.toString();
        String text = text(file, name, problems);
        if (text == null) {
            return null;
        }
        if (looksLikeDotenv(file, text)) {
            DotenvFile dotenv = DotenvFile.parse(name, text);
            problems.addAll(dotenv.problems());
            Map<String, IniFile.Entry> entries = new LinkedHashMap<>(dotenv.entries());
            for (Map.Entry<String, String> e : env.entrySet()) {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                if (key.startsWith("main_") || key.startsWith("plugin_")) {
                    entries.put(key, new IniFile.Entry(key, e.getValue(), 0));
                }
            }
            return new ConfigSource(ConfigFormat.DLM_ENGINE_DOTENV, entries);
        }
        IniFile ini = IniFile.parse(name, text);
        problems.addAll(ini.problems());
        String section;
        ConfigFormat format;
        if (ini.hasSection("baton")) {
            format = ConfigFormat.BATON;
            section = "baton";
        } else if (ini.hasSection("main")) {
            section = "main";
            format = ini.section("main").containsKey("foreman_url") ? ConfigFormat.FOREMAN_INI : ConfigFormat.DLM_ENGINE_INI;
        } else {
            problems.add(ConfigProblem.error(name, 0, null, "no [baton] or [main] section: this is not a baton-agent, "
                    + "DLMEngineUpdater or foreman_dlm_updater configuration"));
            return null;
        }
        for (String other : ini.sectionNames()) {
            if (!other.equals(section)) {
                problems.add(ConfigProblem.warning(name, ini.sectionLine(other), null, "section [" + other + "] is not used; ignored"));
            }
        }
        return new ConfigSource(format, ini.section(section));
    }

    /** The file's text, or null with the reason: missing, unreadable, not UTF-8, binary. */
    private static String text(Path file, String name, List<ConfigProblem> problems) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            problems.add(ConfigProblem.error(name, 0, null, "the configuration file does not exist (give another one with --cfg)"));
            return null;
        } catch (CharacterCodingException e) {
            problems.add(ConfigProblem.error(name, 0, null, "not a text file (it is not valid UTF-8)"));
            return null;
        } catch (IOException e) {
            String why = e instanceof AccessDeniedException ? "permission denied"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            problems.add(ConfigProblem.error(name, 0, null, "cannot be read: " + why));
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(ConfigProblem.error(name, 0, null, "not a text file (it contains NUL bytes)"));
            return null;
        }
        return text;
    }

    private static boolean looksLikeDotenv(Path file, String text) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        if (n.endsWith(".env")) {
            return true;
        }
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("[")) {
                return false;
            }
        }
        return DOTENV_LINE.matcher(text).find();
    }
}
