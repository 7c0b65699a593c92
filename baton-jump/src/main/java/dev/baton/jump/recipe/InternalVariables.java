package dev.baton.jump.recipe;

import java.nio.file.Path;
import java.util.List;

/**
 * The variables Baton sets itself, as jump2nr did. A recipe may read them ({@code %_HOST%}) but not assign them.
 * {@code _HOST} and {@code _LOGFILE} hold from the first line on; the others are set by the built-in that declares
 * them ({@link Builtins}), from the line after it on.
 */
public final class InternalVariables {
    /** The host being jumped, as the operator named it (the part of {@code name=host:port} before {@code =}). */
    public static final String HOST = "_HOST";
    /** The host's log file on the Baton side: {@link #logFile}. */
    public static final String LOGFILE = "_LOGFILE";
    /** Where {@code usepartition} mounted the jump partition on the host. */
    public static final String MOUNTDIR = "_MOUNTDIR";
    /** The jump partition's device, e.g. {@code /dev/sda3}. */
    public static final String JUMPPARTITION = "_JUMPPARTITION";
    /** The disk the jump partition is on, e.g. {@code /dev/sda} (what grub-install wants). */
    public static final String JUMPDEV = "_JUMPDEV";
    /** The jump partition in GRUB's legacy notation, e.g. {@code hd0,2}. */
    public static final String JUMPDEVICEID = "_JUMPDEVICEID";

    /** Every internal variable, in the order jump2nr listed them. */
    public static final List<String> ALL = List.of(JUMPPARTITION, JUMPDEV, JUMPDEVICEID, HOST, LOGFILE, MOUNTDIR);
    /** The ones that hold from the first line on. */
    public static final List<String> ALWAYS_DEFINED = List.of(HOST, LOGFILE);

    private InternalVariables() {
    }

    /** Whether {@code name} is one of Baton's own variables. */
    public static boolean isInternal(String name) {
        return ALL.contains(name);
    }

    /** A host's log file: {@code HOST.log} in {@code logDirectory}. */
    public static Path logFile(Path logDirectory, String host) {
        return logDirectory.resolve(host + ".log");
    }

    /** Where the host logs of a recipe go unless told otherwise: {@code logs} beside the recipe. */
    public static Path defaultLogDirectory(Recipe recipe) {
        return recipe.directory().resolve("logs");
    }

    /** The variables a host starts with: {@code _HOST} and {@code _LOGFILE}. */
    public static Variables forHost(String host, Path logDirectory) {
        return Variables.EMPTY.with(HOST, host).with(LOGFILE, logFile(logDirectory, host).toString());
    }
}
