package dev.baton.client.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openssl} command (Debian package {@code openssl}), run in a directory: the keys and certificates
 * of these tests are made by it, in the formats sites really have, never by the code under test.
 */
public final class Openssl {

    private final Path dir;

    public Openssl(Path dir) {
        this.dir = dir;
    }

    /** Runs {@code openssl args} in the directory; fails the test with its output when it fails. */
    public String run(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl (install the Debian package openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A self-signed CA: {@code NAME.key} and {@code NAME.pem}. */
    public Path ca(String name) {
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem", "-days", "2",
                "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return file(name + ".pem");
    }

    /**
     * A certificate {@code NAME.pem} for the key {@code key}, signed by the CA {@code issuer} (its {@code .pem} and
     * {@code .key}), for a TLS server (CN and subject alternative names localhost and 127.0.0.1) or a client.
     */
    public Path certify(String name, Path key, String issuer, boolean server, boolean ca) {
        Path ext = file(name + ".ext");
        String extensions = ca ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
                : "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=" + (server ? "serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n" : "clientAuth\n");
        write(ext, extensions);
        run("req", "-new", "-key", key.toString(), "-subj", "/CN=" + (server ? "localhost" : name), "-out", name + ".csr");
        run("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", ext.toString(), "-out", name + ".pem");
        return file(name + ".pem");
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
