package dev.baton.bench;

import dev.baton.pipeline.signing.PackageVerifier;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.RpmSigner;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.KeySigner;
import dev.baton.pipeline.signing.Verification;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Signing throughput (issue 15): Baton's {@link RpmSigner} against {@code rpmsign --addsign} on the same packages
 * with the same key (a gpg key imported into Baton). See bench/README.md, "Package signing (issue 15)".
 *
 * <p>Each round copies the unsigned packages and signs them with one {@code rpmsign} process for all of them (its
 * best case: one gpg process per package), then has Baton write signed copies of the same packages (after one
 * warm-up pass). Rounds alternate so that both see the same machine load. Afterwards every Baton copy is checked by
 * {@link PackageVerifier} and a few by {@code rpmkeys --checksig}.
 */
public final class SigningLoad {

    private int packages = 200;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int rounds = 3;
    private List<SigningKey.Algorithm> algorithms = List.of(SigningKey.Algorithm.RSA, SigningKey.Algorithm.EDDSA);
    private Path dir = Path.of("bench/target/signing-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

    public static void main(String[] args) throws Exception {
        SigningLoad load = new SigningLoad();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--packages" -> load.packages = Integer.parseInt(args[++i]);
                case "--threads" -> load.threads = Integer.parseInt(args[++i]);
                case "--rounds" -> load.rounds = Integer.parseInt(args[++i]);
                case "--algorithm" -> load.algorithms = List.of(
                        SigningKey.Algorithm.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                case "--dir" -> load.dir = Path.of(args[++i]);
                case "--help" -> {
                    System.out.println("bench/signing.sh [--packages 200] [--threads CPUS] [--rounds 3] "
                            + "[--algorithm rsa|eddsa] [--dir DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        System.exit(load.run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf("signing load: %d packages, %d Baton threads, %d rounds, %d CPUs, load average %s%n",
                packages, threads, rounds, Runtime.getRuntime().availableProcessors(), loadAverage());
        List<Path> unsigned = buildPackages();
        long bytes = 0;
        for (Path p : unsigned) {
            bytes += Files.size(p);
        }
        System.out.printf("built %d packages with rpmbuild, %.1f KiB on average%n", unsigned.size(),
                bytes / 1024.0 / unsigned.size());
        boolean met = true;
        for (SigningKey.Algorithm algorithm : algorithms) {
            met &= measure(algorithm, unsigned);
        }
        System.out.printf("load average at the end: %s%n", loadAverage());
        return met;
    }

    private List<Path> buildPackages() throws Exception {
        Path out = Files.createDirectories(dir.resolve("unsigned"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Path>> builds = new ArrayList<>();
            for (int i = 0; i < packages; i++) {
                int n = i;
                builds.add(pool.submit(() -> RpmBuilder.named(String.format("bench-pkg-%03d", n))
                        .version("1." + n).file("/usr/share/bench/data-" + n, "x".repeat(1024 * (1 + n % 64)))
                        .build(out)));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> build : builds) {
                paths.add(build.get());
            }
            return paths;
        } finally {
            pool.shutdown();
        }
    }

    private boolean measure(SigningKey.Algorithm algorithm, List<Path> unsigned) throws Exception {
        try (GpgHome gpg = GpgHome.create()) {
            String keyId = gpg.generateKey(algorithm == SigningKey.Algorithm.RSA ? GpgHome.Algorithm.RSA
                    : GpgHome.Algorithm.EDDSA, "Bench " + algorithm + " <bench@example.org>");
            SigningKeys keys = new SigningKeys(new MemorySigningKeyStore(), "bench passphrase".toCharArray(),
                    InstantSource.system());
            keys.importSecret("bench", gpg.exportSecret(keyId), new char[0], "bench");
            KeySigner key = keys.forSigning("bench");
            System.out.printf("%n%s key %s (the same key for rpmsign and Baton)%n", algorithm, keyId);

            signWithBaton(unsigned, key, dir.resolve("warmup-" + algorithm), threads);
            double[] reference = new double[rounds];
            double[] baton = new double[rounds];
            double[] batonOne = new double[rounds];
            Path last = null;
            for (int r = 0; r < rounds; r++) {
                reference[r] = signWithRpmsign(unsigned, gpg, keyId, dir.resolve("rpmsign-" + algorithm + "-" + r));
                last = dir.resolve("baton-" + algorithm + "-" + r);
                baton[r] = signWithBaton(unsigned, key, last, threads);
                batonOne[r] = signWithBaton(unsigned, key, dir.resolve("baton1-" + algorithm + "-" + r), 1);
                System.out.printf("  round %d: rpmsign %7.1f packages/s   Baton %d threads %8.1f packages/s   "
                        + "Baton 1 thread %8.1f packages/s%n", r + 1, reference[r], threads, baton[r], batonOne[r]);
            }
            check(last, unsigned, gpg, keyId);
            double ref = median(reference);
            double ours = median(baton);
            double ratio = ours / ref;
            boolean met = ratio >= 5;
            System.out.printf("%s medians: rpmsign %.1f packages/s, Baton %.1f packages/s (%d threads), "
                    + "%.1f packages/s (1 thread)%n", algorithm, ref, ours, threads, median(batonOne));
            System.out.printf("[%s] %s: Baton signs %.1fx the packages per second of rpmsign --addsign "
                    + "(target >= 5x)%n", met ? "MET " : "MISS", algorithm, ratio);
            return met;
        }
    }

    private static double signWithRpmsign(List<Path> unsigned, GpgHome gpg, String keyId, Path out)
            throws IOException {
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of("rpmsign", "--define", "__gpg /usr/bin/gpg",
                "--define", "_gpg_path " + gpg.home(), "--define", "_gpg_name " + keyId, "--addsign"));
        for (Path p : unsigned) {
            command.add(Files.copy(p, out.resolve(p.getFileName())).toString());
        }
        long start = System.nanoTime();
        ProcessRunner.run(null, Map.of("GNUPGHOME", gpg.home().toString()), command);
        return unsigned.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double signWithBaton(List<Path> unsigned, KeySigner key, Path out, int threads)
            throws Exception {
        Files.createDirectories(out);
        RpmSigner signer = new RpmSigner();
        long start = System.nanoTime();
        if (threads == 1) {
            for (Path p : unsigned) {
                signer.sign(p, key, out.resolve(p.getFileName()));
            }
        } else {
            // The batch API the server signs with: signatures on T threads, the copies made durable together.
            signer.signAll(unsigned.stream().map(p -> new RpmSigner.Signing(p, out.resolve(p.getFileName()))).toList(),
                    key, threads);
        }
        return unsigned.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Every signed copy verifies with the gpg key; three are checked by rpmkeys too. */
    private void check(Path signedDir, List<Path> unsigned, GpgHome gpg, String keyId) throws Exception {
        PublicKeys trusted = PublicKeys.readArmored(gpg.exportPublic(keyId));
        PackageVerifier verifier = new PackageVerifier();
        for (Path p : unsigned) {
            Verification v = verifier.verify(signedDir.resolve(p.getFileName()), trusted);
            if (!v.ok()) {
                throw new IllegalStateException(p.getFileName() + ": " + v);
            }
        }
        Path db = Files.createDirectories(dir.resolve("rpmdb-" + keyId));
        Path asc = Files.writeString(dir.resolve(keyId + ".asc"), gpg.exportPublic(keyId));
        ProcessRunner.run(null, Map.of(), List.of("rpmkeys", "--dbpath", db.toAbsolutePath().toString(), "--import",
                asc.toString()));
        for (int i : IntStream.of(0, unsigned.size() / 2, unsigned.size() - 1).toArray()) {
            Path signed = signedDir.resolve(unsigned.get(i).getFileName());
            ProcessRunner.run(null, Map.of(), List.of("rpmkeys", "--dbpath", db.toAbsolutePath().toString(),
                    "--checksig", signed.toString()));
        }
        System.out.printf("  checked: all %d Baton copies verify with key %s; rpmkeys --checksig accepts 3 of them%n",
                unsigned.size(), keyId);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
