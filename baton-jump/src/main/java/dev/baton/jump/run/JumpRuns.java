package dev.baton.jump.run;

import dev.baton.jobs.Jobs;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.RecipeProblem;
import dev.baton.jump.recipe.RecipeReader;
import dev.baton.jump.ssh.HostAddress;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockSettings;
import dev.baton.lock.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Jump runs as operators use them: start one (checked completely before anything is stored), read runs, hosts and
 * their steps, and the operators' retry, skip and abort (stored; the run's runner acts on them within a poll).
 */
public final class JumpRuns {

    /** The most hosts one run takes. */
    public static final int MAX_HOSTS = 10_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final JumpStore store;
    private final Jobs jobs;
    private final JumpGroups groups;
    private final InstantSource clock;

    /** @param groups resolves {@link StartRequest#group()}; {@code null}: runs name their hosts, a group is refused */
    public JumpRuns(JumpStore store, Jobs jobs, JumpGroups groups, InstantSource clock) {
        this.store = store;
        this.jobs = jobs;
        this.groups = groups;
        this.clock = clock;
    }

    /**
     * What an operator asks to run.
     *
     * @param name        the run's name; {@code null}: the recipe's file name and the time ({@code nextrel-20300101-120000})
     * @param recipeFile  the recipe's path as the operator named it (its file name is used in messages)
     * @param recipeText  the recipe's text
     * @param directory   where its {@code local} lines run: must be a directory on the server's machine
     * @param hosts       the hosts, in the order they take slots ({@code name}, {@code name=host:port}, ...)
     * @param group       instead of {@code hosts}: the hosts of this group ({@link JumpGroups}), by name; {@code null}:
     *                    none
     * @param slots       at most this many hosts mid-jump at once, 1 or more
     * @param maxFailures stop starting hosts while this many are failed (or refused by their pre-checks); 0: never
     *                    stop
     */
    public record StartRequest(String name, String recipeFile, String recipeText, String directory, List<String> hosts,
                               String group, int slots, int maxFailures) {

        /** A run of hosts named one by one. */
        public StartRequest(String name, String recipeFile, String recipeText, String directory, List<String> hosts,
                            int slots, int maxFailures) {
            this(name, recipeFile, recipeText, directory, hosts, null, slots, maxFailures);
        }
    }

    /** The recipe of a stored run, read as if it were in the run's directory. */
    static Recipe recipeOf(JumpRun run) {
        Path file = Path.of(run.recipeFile()).getFileName();
        return RecipeReader.parse(Path.of(run.directory()).resolve(file == null ? Path.of("recipe") : file),
                run.recipeText());
    }

    /** Checks and stores a run, then submits its job; bad input is refused with every problem named. */
    public JumpRun start(StartRequest request, String actor) {
        List<String> problems = new ArrayList<>();
        if (request.recipeFile() == null || request.recipeFile().isBlank()) {
            problems.add("recipe_file is missing: give the recipe's file name");
        }
        if (request.recipeText() == null) {
            problems.add("recipe is missing: give the recipe's text");
        }
        Path directory = null;
        if (request.directory() == null || request.directory().isBlank()) {
            problems.add("directory is missing: give the recipe's directory (where its local lines run)");
        } else {
            directory = Path.of(request.directory());
            if (!directory.isAbsolute() || !Files.isDirectory(directory)) {
                problems.add("directory " + request.directory() + " is not an absolute path of a directory on the "
                        + "Baton server's machine: local lines run there, so the recipe's files must be there too");
            }
        }
        if (request.slots() < 1 || request.slots() > LockSettings.MAX_SLOTS) {
            problems.add("slots must be between 1 and " + LockSettings.MAX_SLOTS + ", got " + request.slots());
        }
        if (request.maxFailures() < 0) {
            problems.add("max_failures must be 0 (never stop) or more, got " + request.maxFailures());
        }
        List<HostAddress> hosts = hosts(request.group() == null || request.group().isBlank() ? request.hosts()
                : groupHosts(request.group().strip(), request.hosts(), problems), problems);
        String name = request.name() == null || request.name().isBlank() ? defaultName(request.recipeFile())
                : request.name().strip();
        try {
            RunNames.name(name);
        } catch (BadRequestException e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) {
            JumpRun probe = new JumpRun(name, request.recipeFile(), request.recipeText(), directory.toString(), 1, 0,
                    RunState.RUNNING, actor, clock.instant(), null, null, "");
            Recipe recipe = recipeOf(probe);
            for (RecipeProblem p : recipe.problems()) {
                problems.add(p.toString());
            }
        }
        if (!problems.isEmpty()) {
            throw new BadRequestException("the jump run was not started: " + String.join("; ", problems));
        }
        Instant now = clock.instant();
        JumpRun run = new JumpRun(name, request.recipeFile(), request.recipeText(), directory.toString(),
                request.slots(), request.maxFailures(), RunState.RUNNING, actor, now, null, null, "");
        List<JumpHost> rows = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            rows.add(JumpHost.waiting(name, i, hosts.get(i).name(), hosts.get(i).toString(), now));
        }
        if (!store.create(run, rows)) {
            throw new JumpRunExistsException(name);
        }
        jobs.submit(JumpRunHandler.KIND, name, "", actor);
        return run;
    }

    /** The hosts of the group, by name; {@code null} (a problem said why) when there are none to take. */
    private List<String> groupHosts(String group, List<String> named, List<String> problems) {
        if (named != null && !named.isEmpty()) {
            problems.add("give the hosts or a group, not both: the group " + group + " names its own hosts");
            return null;
        }
        if (groups == null) {
            problems.add("this server does not resolve groups: name the hosts");
            return null;
        }
        Optional<JumpGroups.Group> found;
        try {
            found = groups.find(group);
        } catch (BadRequestException e) {
            problems.add("group: " + e.getMessage());
            return null;
        }
        if (found.isEmpty()) {
            problems.add(JumpGroups.unknown(group));
            return null;
        }
        if (found.get().hosts().isEmpty()) {
            problems.add(JumpGroups.empty(group));
            return null;
        }
        return found.get().names();
    }

    private static List<HostAddress> hosts(List<String> specs, List<String> problems) {
        List<HostAddress> hosts = new ArrayList<>();
        if (specs == null) {
            return hosts; // a group without hosts: its problem is said
        }
        if (specs.isEmpty()) {
            problems.add("hosts are missing: name at least one host, or a group");
            return hosts;
        }
        if (specs.size() > MAX_HOSTS) {
            problems.add("at most " + MAX_HOSTS + " hosts per run, got " + specs.size());
            return hosts;
        }
        Set<String> names = new HashSet<>();
        for (String spec : specs) {
            try {
                HostAddress host = HostAddress.parse(spec == null ? "" : spec);
                Names.holder(host.name());
                if (!names.add(host.name())) {
                    problems.add("host " + host.name() + " is named twice");
                }
                hosts.add(host);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return hosts;
    }

    private String defaultName(String recipeFile) {
        String base = recipeFile == null ? "jump" : Path.of(recipeFile).getFileName().toString();
        base = base.replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._:@+-]", "-");
        if (base.isEmpty()) {
            base = "jump";
        }
        base = base.length() > 40 ? base.substring(0, 40) : base;
        return base + "-" + STAMP.format(clock.instant());
    }

    /**
     * The hosts a run of group {@code name} would take ({@link JumpGroups}); empty when there is no such group.
     *
     * @throws BadRequestException when the name cannot be a group's or this server resolves no groups
     */
    public Optional<JumpGroups.Group> group(String name) {
        if (groups == null) {
            throw new BadRequestException("this server does not resolve groups: name the hosts");
        }
        return groups.find(name);
    }

    public Optional<JumpRun> get(String name) {
        return store.run(name);
    }

    /** Runs newest first; {@code before}: created before this ({@code null}: the newest). */
    public List<JumpRun> list(Instant before, int limit) {
        return store.runs(before, Math.max(1, Math.min(limit, 500)));
    }

    public List<JumpHost> hosts(String run) {
        return store.hosts(run);
    }

    public Optional<JumpHost> host(String run, String host) {
        return store.host(run, host);
    }

    public List<JumpStep> steps(String run, String host) {
        return store.steps(run, host);
    }

    /**
     * Stores an operator's retry or skip of a host; false when the host does not wait for one (see
     * {@link JumpStore#decide}). The runner acts on it within a poll.
     */
    public boolean decide(String run, String host, Decision decision) {
        return store.decide(run, host, decision, clock.instant());
    }

    /** Asks the run to abort; false when it is not active. */
    public boolean abort(String run, String actor) {
        return store.requestAbort(run, actor, clock.instant());
    }

    /** A host's log: each step's line, what ran, how it ended and its output. */
    public static String log(List<JumpStep> steps) {
        return steps.stream().map(s -> "# line " + s.line() + ": " + s.text() + "\n" + s.output()
                        + "# " + s.state().wireName() + (s.exitStatus() == null ? "" : " (exit status " + s.exitStatus() + ")")
                        + "\n")
                .collect(Collectors.joining());
    }
}
