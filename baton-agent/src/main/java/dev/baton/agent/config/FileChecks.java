package dev.baton.agent.config;

import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the configuration names on this host's disk: the script directories (a phase's directory that is missing
 * or refused as insecure fails every run that reaches the phase, so it is an error; a hook directory's is a
 * warning), the certificate files, the users of user scripts, and where the state and the log go. A run only needs the certificate files to be readable
 * ({@link #certificates}); {@code check-config} looks at everything ({@link #all}).
 */
final class FileChecks {

    private final Settings s;

    FileChecks(Settings s) {
        this.s = s;
    }

    /** An error for each of the certificate files that is named but missing or unreadable. */
    void certificates(Path ca, Path clientCert, Path clientKey) {
        for (Path f : new Path[] {ca, clientCert, clientKey}) {
            if (f != null && !Files.isReadable(f)) {
                String key = f == ca ? "ca" : f == clientCert ? "client_crt" : "client_key";
                s.error(key, f + ": " + (Files.exists(f) ? "cannot be read" : "no such file"));
            }
        }
    }

    /** Everything {@code check-config} checks on disk. */
    void all(Map<String, Path> dirs, Path ca, Path cert, Path key, String rebootCmd, List<String> users, Path state, Path log) {
        ScriptScanner scanner = new ScriptScanner(ScriptScanner.currentUid());
        for (Map.Entry<String, Path> e : dirs.entrySet()) {
            String dirKey = e.getKey();
            if (dirKey.equals("reboot.d") && rebootCmd != null) {
                continue; // not used
            }
            ScriptScan scan = scanner.scan(e.getValue(), ScriptScanner.Rules.UPDATER);
            if (scan.problem() == null) {
                continue;
            }
            String problem = e.getValue() + (scan.missing() ? " does not exist" : " is refused: " + scan.refused());
            boolean hooks = dirKey.equals("ext_notify.d") || dirKey.equals("on_failure.d");
            if (hooks) {
                s.warning(dirKey, problem + ": no " + dirKey.substring(0, dirKey.length() - 2) + " hooks run");
            } else {
                String phase = dirKey.substring(0, dirKey.length() - 2);
                s.error(dirKey, problem + ": " + (phase.equals("needs_update") ? "every run fails, doing nothing"
                        : "every run with updates fails in " + phase + ", keeping the lock")
                        + (scan.missing() ? " (create it; it may stay empty)" : ""));
            }
        }
        if (ca != null) {
            readable("ca", ca);
        }
        if (cert != null) {
            readable("client_crt", cert);
        }
        if (key != null) {
            readable("client_key", key);
        }
        for (String user : users) {
            if (!Passwd.exists(user)) {
                s.warning("user_script_users", "user \"" + user + "\" does not exist on this host");
            }
        }
        writableParent("state", state);
        writableParent("log", log);
    }

    private void readable(String keyName, Path f) {
        if (!Files.exists(f)) {
            s.error(keyName, f + ": no such file");
        } else if (!Files.isReadable(f)) {
            s.error(keyName, f + ": cannot be read (permission denied)");
        }
    }

    private void writableParent(String keyName, Path f) {
        Path parent = f.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent != null && !Files.isWritable(parent)) {
            s.warning(keyName, f + ": " + parent + " is not writable by this user");
        }
    }
}
