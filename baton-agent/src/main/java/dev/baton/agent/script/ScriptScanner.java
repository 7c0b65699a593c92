package dev.baton.agent.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lists the scripts of a directory, applying the seeds' rules and saying why each other file is skipped.
 *
 * <p>{@link Rules#UPDATER} (seeds 000 and 001): a regular file (symbolic links are followed), owned by root or
 * by the user the agent runs as (by the named user for user scripts), executable by its owner, and writable by
 * neither group nor others. The directory itself must pass the same owner and mode rule, else none of its
 * scripts runs ({@link ScriptScan#refused}): whoever may write to it may add a script. Order: by name, byte by
 * byte (the C locale, as {@code run-parts}), which is also the fix of foreman_dlm_updater's unsorted order.
 *
 * <p>{@link Rules#RUN_PARTS} (os-refresh-config's {@code dib-run-parts}): a regular executable file whose name
 * matches {@code ^[0-9A-Za-z_-]+$}; ordered by leading number, then by name. Unlike dib-run-parts, skipped files
 * are reported.
 */
public final class ScriptScanner {

    /** Which rules a directory is read with. */
    public enum Rules { UPDATER, RUN_PARTS }

    private static final Pattern RUN_PARTS_NAME = Pattern.compile("^[0-9A-Za-z_-]+$");

    private final int ownUid;

    /** @param ownUid the uid the agent runs as (scripts it owns are accepted) */
    public ScriptScanner(int ownUid) {
        this.ownUid = ownUid;
    }

    /** The uid of this process, read from {@code /proc/self} (no native code). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    public ScriptScan scan(Path dir, Rules rules) {
        return scan(dir, rules, null, -1);
    }

    /**
     * @param runAs    for user scripts: the user they run as, whose uid ({@code userUid}) must own them
     */
    public ScriptScan scan(Path dir, Rules rules, String runAs, int userUid) {
        if (dir == null) {
            return ScriptScan.none(null);
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return ScriptScan.none(dir);
        } catch (java.nio.file.NotDirectoryException e) {
            return ScriptScan.refused(dir, "not a directory");
        } catch (IOException e) {
            return ScriptScan.refused(dir, "cannot read the directory: " + e.getMessage());
        }
        if (rules == Rules.UPDATER) {
            String insecure = checkOwnerAndMode(dir, runAs, userUid);
            if (insecure != null) {
                return ScriptScan.refused(dir, "the directory is " + insecure + ": none of its scripts runs");
            }
        }
        entries.sort(rules == Rules.RUN_PARTS ? RUN_PARTS_ORDER : C_LOCALE_ORDER);
        List<Script> scripts = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (Path p : entries) {
            String reason = rules == Rules.RUN_PARTS ? checkRunParts(p) : checkUpdater(p, runAs, userUid);
            if (reason == null) {
                scripts.add(new Script(p, p.getFileName().toString(), runAs));
            } else {
                skipped.add(new SkippedFile(p, reason));
            }
        }
        return new ScriptScan(dir, false, null, scripts, skipped);
    }

    private String checkUpdater(Path p, String runAs, int userUid) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(p, "unix:mode,uid,isRegularFile");
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(p) ? "a symbolic link to nothing" : "vanished while being read";
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (!(Boolean) attrs.get("isRegularFile")) {
            return Files.isDirectory(p) ? "a directory, not a script" : "not a regular file";
        }
        int mode = (Integer) attrs.get("mode");
        String owner = checkOwner((Integer) attrs.get("uid"), runAs, userUid);
        if (owner != null) {
            return owner;
        }
        if ((mode & 0100) == 0) {
            return "not executable by its owner (mode " + octal(mode) + ")";
        }
        return checkMode(mode);
    }

    /**
     * The script rule applied to the directory itself: whoever may write to it may add a script, so it must belong
     * to root or the agent's user (the user, for user scripts) and be writable by neither group nor others.
     */
    private String checkOwnerAndMode(Path dir, String runAs, int userUid) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(dir, "unix:mode,uid");
        } catch (IOException | UnsupportedOperationException e) {
            return null; // listed a moment ago; the files' own checks still apply
        }
        String owner = checkOwner((Integer) attrs.get("uid"), runAs, userUid);
        return owner != null ? owner + "; insecure" : checkMode((Integer) attrs.get("mode"));
    }

    private String checkOwner(int uid, String runAs, int userUid) {
        if (runAs == null) {
            if (uid != 0 && uid != ownUid) {
                return "owned by uid " + uid + ", must be owned by root" + (ownUid != 0 ? " or uid " + ownUid + " (the agent's user)" : "");
            }
        } else if (uid != 0 && uid != userUid) {
            return "owned by uid " + uid + ", must be owned by " + runAs + " (uid " + userUid + ") or root";
        }
        return null;
    }

    private static String checkMode(int mode) {
        if ((mode & 0020) != 0) {
            return "writable by its group (mode " + octal(mode) + "); insecure";
        }
        if ((mode & 0002) != 0) {
            return "writable by others (mode " + octal(mode) + "); insecure";
        }
        return null;
    }

    private static String checkRunParts(Path p) {
        String name = p.getFileName().toString();
        if (!RUN_PARTS_NAME.matcher(name).matches()) {
            return "name does not match ^[0-9A-Za-z_-]+$ (rename it, e.g. without the dot)";
        }
        if (!Files.isRegularFile(p)) {
            return Files.isDirectory(p) ? "a directory, not a script" : "not a regular file";
        }
        if (!Files.isExecutable(p)) {
            return "not executable";
        }
        return null;
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }

    /** File names compared byte by byte, unsigned (the C locale's collation). */
    static final Comparator<Path> C_LOCALE_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getFileName().toString().getBytes(StandardCharsets.UTF_8), b.getFileName().toString().getBytes(StandardCharsets.UTF_8));

    /**
     * {@code sort -n}: the leading number first (none counts as 0), then the whole name byte by byte. (One lambda of
     * this class, not {@code Comparator.comparing(...).thenComparing(...)}, whose lambdas the JVM would generate at
     * every start.)
     */
    static final Comparator<Path> RUN_PARTS_ORDER = (a, b) -> {
        int byNumber = leadingNumber(a.getFileName().toString()).compareTo(leadingNumber(b.getFileName().toString()));
        return byNumber != 0 ? byNumber : C_LOCALE_ORDER.compare(a, b);
    };

    private static java.math.BigInteger leadingNumber(String name) {
        int i = 0;
        while (i < name.length() && name.charAt(i) >= '0' && name.charAt(i) <= '9') {
            i++;
        }
        return i == 0 ? java.math.BigInteger.ZERO : new java.math.BigInteger(name.substring(0, i));
    }

}
