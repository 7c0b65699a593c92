package dev.baton.jump.builtin;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.UndefinedVariableException;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.ExpectedHostKey;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.jump.ssh.HostSession;
import dev.baton.jump.ssh.SshConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is checked on a host before its jump starts (leapp's idea: refuse early, say why), only reading:
 * <ul>
 *   <li>{@code ssh}: the host answers and accepts the key ({@link #check(SshConnector, HostAddress, Recipe, Variables)});</li>
 *   <li>{@code root}: the session's user is root;</li>
 *   <li>{@code partition}: the partition of the recipe's {@code usepartition} exists and is big enough for the jump
 *       image ({@link ImageSize});</li>
 *   <li>{@code boot}: {@code /boot} is a partition of its own (the jump boots from it while the old root is replaced);</li>
 *   <li>{@code space}: the directories the recipe copies into ({@code copy(...)}, {@code local scp ... host:DIR}) have
 *       room for the files (their nearest existing parent, by {@code stat -f}).</li>
 * </ul>
 * Every check runs, so the report lists every reason at once.
 */
public final class PreChecks {

    /** {@code scp [options] FILE... [user@]host:DIR}: the files and the target directory of a {@code local} copy. */
    private static final Pattern SCP = Pattern.compile("(?:^|[;&|\\s])scp\\s+(.*)$");

    private PreChecks() {
    }

    /** Connects (a failure is the {@code ssh} check's) and runs the other checks. */
    public static List<PreCheckFailure> check(SshConnector ssh, HostAddress host, Recipe recipe, Variables vars)
            throws InterruptedException {
        try (HostSession session = ssh.connect(host, Optional.empty())) {
            return check(session, recipe, vars);
        } catch (IOException e) {
            return List.of(new PreCheckFailure("ssh", e.getMessage()));
        }
    }

    /**
     * The failed checks on the session's host ({@code vars}: the host's variables before the recipe's first line,
     * such as {@code _HOST}; empty when the host may start.
     */
    public static List<PreCheckFailure> check(HostSession session, Recipe recipe, Variables vars)
            throws InterruptedException {
        String host = session.host().name();
        List<PreCheckFailure> failures = new ArrayList<>();
        try {
            List<String> id = PartitionFinder.read(session, "id -u");
            if (id.isEmpty() || !id.getLast().strip().equals("0")) {
                failures.add(new PreCheckFailure("root", "the jump runs as " + session.host().user() + " on " + host
                        + ", not root (uid " + String.join("", id).strip() + "): swapoff, mkfs and grub-install need "
                        + "root; connect as root (HOST as root@ADDRESS)"));
            }
        } catch (IOException e) {
            failures.add(new PreCheckFailure("root", e.getMessage()));
        }
        partition(session, recipe, vars).ifPresent(failures::add);
        try {
            if (PartitionFinder.mountPoint(session, "/boot").isEmpty() && !bootMounted(session)) {
                failures.add(new PreCheckFailure("boot", "/boot is not a separate partition on " + host
                        + " (/proc/mounts has no /boot): the jump boots the jump system from /boot while the old "
                        + "root partition is replaced"));
            }
        } catch (IOException e) {
            failures.add(new PreCheckFailure("boot", e.getMessage()));
        }
        failures.addAll(space(session, recipe, vars));
        return failures;
    }

    private static boolean bootMounted(HostSession session) throws IOException, InterruptedException {
        for (String line : PartitionFinder.read(session, "cat /proc/mounts")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[1].equals("/boot")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<PreCheckFailure> partition(HostSession session, Recipe recipe, Variables vars)
            throws InterruptedException {
        for (Statement s : recipe.statements()) {
            if (s instanceof Statement.Builtin b && b.function().equals(Builtins.USEPARTITION)) {
                Variables at = KnownVariables.before(recipe, b.line(), vars);
                String which;
                try {
                    which = at.expand(b.args().getFirst());
                } catch (UndefinedVariableException e) {
                    return Optional.empty(); // only the run can tell which partition: usepartition checks then
                }
                try {
                    JumpPartition p = PartitionFinder.find(session, which);
                    Optional<ImageSize> needed = ImageSize.required(at, recipe.directory());
                    if (needed.isPresent() && p.bytes() < needed.get().bytes()) {
                        return Optional.of(new PreCheckFailure("partition", p.device() + " ("
                                + (which.equals(PartitionFinder.SWAP) ? "swap, " : "") + ImageSize.human(p.bytes())
                                + ") on " + session.host().name() + " is smaller than the jump image needs: "
                                + ImageSize.human(needed.get().bytes()) + " (" + needed.get().source() + ")"));
                    }
                } catch (IOException e) {
                    return Optional.of(new PreCheckFailure("partition", e.getMessage()));
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Checks that every target directory of the recipe's copies has room for what is copied there. */
    private static List<PreCheckFailure> space(HostSession session, Recipe recipe, Variables vars)
            throws InterruptedException {
        Map<String, Long> bytesByDirectory = new LinkedHashMap<>();
        for (Statement s : recipe.statements()) {
            Variables at = KnownVariables.before(recipe, s.line(), vars);
            try {
                if (s instanceof Statement.Builtin b && b.function().equals(Builtins.COPY)) {
                    List<String> args = b.args().stream().map(at::expand).toList();
                    add(bytesByDirectory, args.getLast(), args.subList(0, args.size() - 1), recipe.directory());
                } else if (s instanceof Statement.Local l) {
                    Matcher m = SCP.matcher(at.expand(l.command()));
                    if (m.find()) {
                        List<String> words = List.of(m.group(1).trim().split("\\s+"));
                        String target = words.getLast();
                        int colon = target.indexOf(':');
                        if (colon > 0) {
                            add(bytesByDirectory, target.substring(colon + 1),
                                    words.subList(0, words.size() - 1).stream().filter(w -> !w.startsWith("-")).toList(),
                                    recipe.directory());
                        }
                    }
                }
            } catch (UndefinedVariableException e) {
                // a copy whose files only the run knows: not checked
            }
        }
        List<PreCheckFailure> failures = new ArrayList<>();
        for (Map.Entry<String, Long> e : bytesByDirectory.entrySet()) {
            String dir = e.getKey().isEmpty() ? "." : e.getKey();
            try {
                List<String> out = PartitionFinder.read(session, "d=" + Shell.quote(dir)
                        + "; while [ ! -d \"$d\" ]; do d=$(dirname \"$d\"); done; stat -f -c '%a %S' \"$d\"");
                String[] f = out.getLast().trim().split("\\s+");
                long free = Long.parseLong(f[0]) * Long.parseLong(f[1]);
                if (free < e.getValue()) {
                    failures.add(new PreCheckFailure("space", dir + " on " + session.host().name() + " has "
                            + ImageSize.human(free) + " free, the recipe copies " + ImageSize.human(e.getValue())
                            + " there"));
                }
            } catch (IOException | RuntimeException ex) {
                failures.add(new PreCheckFailure("space", "cannot tell the free space of " + dir + " on "
                        + session.host().name() + ": " + ex.getMessage()));
            }
        }
        return failures;
    }

    private static void add(Map<String, Long> bytesByDirectory, String directory, List<String> files, Path base) {
        long total = 0;
        for (String name : files) {
            Path file = base.resolve(name);
            try {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            } catch (IOException e) {
                // missing or unreadable: the copy itself will say so
            }
        }
        bytesByDirectory.merge(directory, total, Long::sum);
    }
}
