package dev.baton.jump.testhosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file trees test hosts run in (sshd's {@code ChrootDirectory}): a small Linux root with the real tools a
 * recipe uses (bash, coreutils, tar, gzip, sed, grep, mkswap, blkid, mkfs.ext4 ... with their libraries, found by
 * {@code ldd}), harmless stand-ins for what would harm the machine (reboot, grub-install, swapoff, swapon, mount),
 * disk-image files where a real host has its disk ({@code /dev/sda1}, swap on {@code /dev/sda2}, {@code /dev/sda3}
 * as {@code /boot}) and a faked {@code /proc/swaps} and {@code /proc/mounts} that describe them.
 *
 * <p>The programs are copied once per {@link TestHosts} into a template and hard-linked into each host's root; every
 * other file is the host's own.
 */
final class HostRoots {

    /** Programs every host needs; a test host cannot start without them. */
    private static final List<String> REQUIRED = List.of("bash", "sh", "cat", "ls", "cp", "mv", "rm", "mkdir", "ln",
            "chmod", "touch", "basename", "dirname", "sleep", "id", "tar", "gzip", "sed", "grep", "head", "tail", "stat",
            "mkswap", "blkid", "mkfs.ext4");
    /** Programs copied when the machine has them. */
    private static final List<String> OPTIONAL = List.of("rmdir", "chown", "wc", "sort", "uniq", "tee",
            "true", "false", "whoami", "date", "env", "printf", "test", "tr", "cut", "dd", "sync", "uname",
            "hostname", "readlink", "realpath", "mktemp", "du", "gunzip", "zcat", "egrep", "awk", "find", "xargs",
            "expr", "seq", "mkfs", "mkfs.ext3", "mke2fs", "blockdev", "wipefs", "sha256sum", "md5sum", "cmp",
            "truncate", "diff");
    private static final List<String> SEARCH_PATH = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin");
    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");
    /** Size of the swap partition image ({@code /dev/sda2}) and of the other partitions, bytes (sparse files). */
    static final long DEFAULT_SWAP_BYTES = 64L << 20;
    private static final long PARTITION_BYTES = 16L << 20;

    private HostRoots() {
    }

    /** Builds the template: {@code usr/} with the programs and their libraries. */
    static void buildTemplate(Path template) throws IOException {
        Files.createDirectories(template);
        for (String dir : List.of("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "usr/local/sbin", "usr/local/bin")) {
            Files.createDirectories(template.resolve(dir));
        }
        mergedUsrLinks(template);
        Set<Path> libraries = new LinkedHashSet<>();
        for (String name : REQUIRED) {
            Path program = find(name).orElseThrow(() -> new IllegalStateException("the test hosts need " + name
                    + " on this machine (apt-get install coreutils tar gzip sed grep util-linux e2fsprogs)"));
            copyProgram(template, program, libraries);
        }
        for (String name : OPTIONAL) {
            Optional<Path> program = find(name);
            if (program.isPresent()) {
                copyProgram(template, program.get(), libraries);
            }
        }
        for (Path library : libraries) {
            copyInto(template, library);
        }
        // The links lib -> usr/lib are made in each host's root; the template keeps only usr/.
        for (String link : List.of("bin", "sbin", "lib", "lib64")) {
            Files.deleteIfExists(template.resolve(link));
        }
        StandIns.write(template.resolve("usr/local/sbin"));
        Files.createDirectories(template.resolve("dev"));
        for (String[] node : new String[][] {{"null", "1", "3"}, {"zero", "1", "5"}, {"random", "1", "8"},
                {"urandom", "1", "9"}}) {
            Path dev = template.resolve("dev").resolve(node[0]);
            run(List.of("mknod", "-m", "666", dev.toString(), "c", node[1], node[2]), null);
        }
    }

    /**
     * Makes a host's root from the template: programs hard-linked (copied when links are impossible), the rest
     * fresh: {@code /etc} files of a small Debian host, {@code /boot/grub/menu.lst}, device nodes, disk images.
     */
    static void buildHost(Path template, Path root, String hostName, long swapBytes) throws IOException {
        Files.createDirectories(root);
        // Hard links: programs and device nodes are shared (files a recipe writes are its own, made below).
        String usr = template.resolve("usr").toString();
        String dev = template.resolve("dev").toString();
        run(List.of("cp", "-al", usr, dev, root + "/"), List.of("cp", "-a", usr, dev, root + "/"));
        mergedUsrLinks(root);
        for (String dir : List.of("etc/ssh", "etc/network", "etc/postfix", "boot/grub", "root", "var/log", "run/testhost",
                "media", "mnt", "proc", "home")) {
            Files.createDirectories(root.resolve(dir));
        }
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        write(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        write(root, "etc/group", "root:x:0:\n");
        write(root, "etc/shadow", "root:*:20000:0:99999:7:::\n");
        write(root, "etc/hostname", hostName + "\n");
        write(root, "etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostName + "\n");
        write(root, "etc/fstab", """
                # <file system> <mount point> <type> <options> <dump> <pass>
                /dev/sda1       /               ext3    errors=remount-ro 0       1
                /dev/sda3       /boot           ext3    defaults        0       2
                /dev/sda2       none            swap    sw              0       0
                """);
        write(root, "etc/network/interfaces", "auto lo\niface lo inet loopback\n");
        write(root, "etc/postfix/main.cf", "myhostname = " + hostName + "\n");
        write(root, "root/.profile", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
        write(root, "boot/grub/menu.lst", """
                default 0
                timeout 5
                title Debian GNU/Linux
                root (hd0,0)
                kernel /vmlinuz root=/dev/sda1 ro
                initrd /initrd.img
                """);
        write(root, "proc/mounts", """
                /dev/sda1 / ext3 rw,relatime 0 0
                /dev/sda3 /boot ext3 rw,relatime 0 0
                """);
        write(root, "proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                + "/dev/sda2                               partition\t" + (swapBytes / 1024) + "\t\t0\t\t-2\n");
        write(root, "proc/meminfo", "MemTotal:        8388608 kB\nSwapTotal:       " + (swapBytes / 1024) + " kB\n");
        disk(root.resolve("dev/sda1"), PARTITION_BYTES, null);
        disk(root.resolve("dev/sda2"), swapBytes, "mkswap");
        disk(root.resolve("dev/sda3"), PARTITION_BYTES, null);
        disk(root.resolve("dev/sda"), 0, null);
    }

    private static void disk(Path file, long bytes, String format) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            if (bytes > 0) {
                channel.truncate(bytes);
                channel.position(bytes - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        if (format != null) {
            run(List.of("/usr/sbin/mkswap", "-q", file.toString()), List.of("mkswap", "-q", file.toString()));
        }
    }

    private static void mergedUsrLinks(Path root) throws IOException {
        for (String link : List.of("bin", "sbin", "lib", "lib64")) {
            Path l = root.resolve(link);
            if (!Files.exists(l, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(l, Path.of("usr", link));
            }
        }
    }

    private static void copyProgram(Path root, Path program, Set<Path> libraries) throws IOException {
        Path real = program.toRealPath();
        // Under its directory's real path (/bin/x lands in usr/bin), by its own name (mkfs.ext4, not mke2fs).
        Path target = root.resolve(program.getParent().toRealPath().toString().substring(1))
                .resolve(program.getFileName().toString());
        Files.createDirectories(target.getParent());
        Files.copy(real, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        libraries.addAll(librariesOf(real));
    }

    private static List<Path> librariesOf(Path program) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<Path> libs = new ArrayList<>();
        Matcher m = LIBRARY.matcher(out);
        while (m.find()) {
            libs.add(Path.of(m.group(1)));
        }
        return libs; // scripts (gunzip, zcat): "not a dynamic executable", nothing to copy
    }

    /** Copies {@code file} to the same absolute path under {@code root}, through the root's own merged-usr links. */
    private static void copyInto(Path root, Path file) throws IOException {
        Path target = root.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static Optional<Path> find(String name) {
        return SEARCH_PATH.stream().map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    static void write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    static void executable(Path file) throws IOException {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rwxr-xr-x");
        Files.setPosixFilePermissions(file, perms);
    }

    /** Runs a command to its end; on failure runs {@code fallback} (if any), else throws with the output. */
    static void run(List<String> command, List<String> fallback) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        try {
            status = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        if (status != 0) {
            if (fallback != null) {
                run(fallback, null);
                return;
            }
            throw new IOException(String.join(" ", command) + " failed (exit " + status + "): " + out.strip());
        }
    }

    static void uncheckedRun(List<String> command) {
        try {
            run(command, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
