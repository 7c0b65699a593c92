package dev.baton.pipeline.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external {@code gpg} (GnuPG 2.2 or later) for keys whose secret part gpg-agent holds: export a public
 * key, list secret keys, make a detached signature. Every run is {@code gpg --batch --no-tty}, with
 * {@code --homedir} when a GNUPGHOME is given (otherwise gpg's own default: {@code $GNUPGHOME} of the server, or
 * {@code ~/.gnupg}); gpg itself asks the agent, which may hold the key on a smartcard or HSM. A run that does not
 * end within {@link #TIMEOUT} is killed. Messages carry gpg's own complaint; gpg never prints key material or a
 * passphrase there.
 */
final class Gpg {

    /**
     * The longest a gpg run may take: generous for a smartcard, short enough that a gpg waiting for a pinentry
     * nobody sees fails the signing instead of hanging it.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What a gpg run gave: its exit code, standard output and error. */
    record Result(int exitCode, byte[] output, String errors) {

        /** gpg's last lines of complaint, for a message ("gpg: signing failed: No secret key"). */
        String complaint() {
            List<String> lines = errors.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? "gpg exited with code " + exitCode + " and said nothing" : String.join("; ", last);
        }
    }

    private final String program;
    private final Duration timeout;

    Gpg(String program, Duration timeout) {
        this.program = program;
        this.timeout = timeout;
    }

    /** The {@code gpg} on the server's PATH. */
    static Gpg onPath() {
        return new Gpg("gpg", TIMEOUT);
    }

    /** {@code gpg --armor --export REF}: the armored public key, empty when gpg has none. */
    Result exportPublic(Path home, String ref) {
        return run(home, null, "--armor", "--export", "--", ref);
    }

    /** {@code gpg --with-colons --list-secret-keys REF}: the machine-readable listing of the secret keys. */
    Result listSecret(Path home, String ref) {
        return run(home, null, "--with-colons", "--fixed-list-mode", "--list-secret-keys", "--", ref);
    }

    /**
     * {@code gpg --detach-sign --digest-algo SHA256 -u FINGERPRINT!} over {@code data} given on standard input; the
     * signature (binary unless the home's gpg.conf says {@code armor}) is the output. The {@code !} makes gpg use
     * exactly that (sub)key instead of choosing one.
     */
    Result detachSign(Path home, String signingFingerprint, byte[] data) {
        return run(home, data, "--detach-sign", "--digest-algo", "SHA256", "--local-user", signingFingerprint + "!",
                "--output", "-");
    }

    private Result run(Path home, byte[] input, String... args) {
        List<String> command = new ArrayList<>(List.of(program, "--batch", "--no-tty"));
        if (home != null) {
            command.addAll(List.of("--homedir", home.toString()));
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LC_ALL", "C"); // gpg's complaints in English, as the messages around them
        builder.environment().put("LANGUAGE", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new GpgException("cannot run " + program + " (" + e.getMessage() + "): install GnuPG 2.2 or later "
                    + "on the server (the Debian or RHEL package gnupg2/gnupg) so that '" + program + "' is on its PATH");
        }
        try {
            // Input is written and both outputs drained while gpg runs, each in its own thread, so that no full
            // pipe stalls gpg or this thread past the timeout.
            FutureTask<byte[]> out = new FutureTask<>(() -> readAll(process.getInputStream()));
            FutureTask<byte[]> err = new FutureTask<>(() -> readAll(process.getErrorStream()));
            Thread.ofVirtual().name("gpg-stdout").start(out);
            Thread.ofVirtual().name("gpg-stderr").start(err);
            Thread.ofVirtual().name("gpg-stdin").start(() -> {
                try (OutputStream stdin = process.getOutputStream()) {
                    if (input != null) {
                        stdin.write(input);
                    }
                } catch (IOException e) {
                    // gpg stopped reading (it failed early, or was killed); its exit code and complaint tell why
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new GpgException("gpg did not finish within " + timeout.toSeconds() + " s (is it waiting for "
                        + "a passphrase or a smartcard PIN that nobody can type? preset it in gpg-agent)");
            }
            return new Result(process.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GpgException("interrupted while gpg was running");
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new GpgException("cannot read gpg's output: " + e.getCause().getMessage());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gpg could not be run or did not finish; the message says why, callers add which key. */
    static final class GpgException extends RuntimeException {
        GpgException(String message) {
            super(message);
        }
    }
}
