package dev.baton.jump.recipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The built-ins a recipe may call with {@code jump(name, args...)}: their names, arguments and the variables they
 * set. Names are case-insensitive ({@code Showvars()} is {@code showvars}).
 * <ul>
 * <li>{@code usepartition(PARTITION, MOUNTPOINT)}: PARTITION is {@code swap} (the host's swap partition) or a device
 * such as {@code /dev/sda2}. Finds it, takes it out of use (swapoff), checks it is big enough for the jump image,
 * formats it and mounts it at MOUNTPOINT; sets {@code _JUMPPARTITION}, {@code _JUMPDEV}, {@code _JUMPDEVICEID} and
 * {@code _MOUNTDIR}. The size needed is the recipe variable {@value #IMAGE_SIZE_VARIABLE} ({@code 2G}) if defined,
 * else the size of the local file named by {@value #IMAGE_FILE_VARIABLE} if it exists, else not checked.</li>
 * <li>{@code showvars()}: writes every variable and its value to the host's log.</li>
 * <li>{@code copy(LOCAL_FILE..., REMOTE_DIR)}: uploads local files to a directory on the host over SSH.</li>
 * <li>{@code hostkey(SOURCE)}: the host key the host will present after its next reboot, as a {@code SHA256:...}
 * fingerprint or a local {@code .pub} file.</li>
 * <li>{@code reboot([TIMEOUT])}: reboots the host and waits until it answers SSH again, at most TIMEOUT
 * ({@link #duration}; default {@link #DEFAULT_REBOOT_TIMEOUT}). {@code remote reboot} does the same.</li>
 * </ul>
 */
public final class Builtins {
    public static final String USEPARTITION = "usepartition";
    public static final String SHOWVARS = "showvars";
    public static final String COPY = "copy";
    public static final String HOSTKEY = "hostkey";
    public static final String REBOOT = "reboot";

    /** The recipe variable giving the size the jump partition must have, e.g. {@code 2G}. */
    public static final String IMAGE_SIZE_VARIABLE = "JUMP_IMAGE_SIZE";
    /** The recipe variable naming the jump image file, whose size counts when {@value #IMAGE_SIZE_VARIABLE} is not set. */
    public static final String IMAGE_FILE_VARIABLE = "JUMP_TAR";
    /** How long a reboot may take, from the command until the host answers SSH again, unless the recipe says. */
    public static final Duration DEFAULT_REBOOT_TIMEOUT = Duration.ofMinutes(15);

    private static final Map<String, BuiltinSpec> SPECS = java.util.stream.Stream.of(
                    new BuiltinSpec(USEPARTITION, 2, 2, List.of(InternalVariables.JUMPPARTITION, InternalVariables.JUMPDEV,
                            InternalVariables.JUMPDEVICEID, InternalVariables.MOUNTDIR), "usepartition(PARTITION, MOUNTPOINT)"),
                    new BuiltinSpec(SHOWVARS, 0, 0, List.of(), "showvars()"),
                    new BuiltinSpec(COPY, 2, Integer.MAX_VALUE, List.of(), "copy(LOCAL_FILE..., REMOTE_DIR)"),
                    new BuiltinSpec(HOSTKEY, 1, 1, List.of(), "hostkey(SHA256:FINGERPRINT or FILE.pub)"),
                    new BuiltinSpec(REBOOT, 0, 1, List.of(), "reboot([TIMEOUT])"))
            .collect(Collectors.toMap(BuiltinSpec::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));

    private static final Pattern DURATION = Pattern.compile("(?i)(?:(\\d{1,4})h)?(?:(\\d{1,5})m)?(?:(\\d{1,6})s?)?");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,15})\\s*([KMGT]?)(?:i?B)?");

    private Builtins() {
    }

    /** The built-in of that name (any case), if there is one. */
    public static Optional<BuiltinSpec> spec(String name) {
        return Optional.ofNullable(SPECS.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every built-in, in a fixed order. */
    public static List<BuiltinSpec> all() {
        return List.copyOf(SPECS.values());
    }

    /** The names of every built-in, comma-separated, for messages. */
    public static String names() {
        return String.join(", ", SPECS.keySet());
    }

    /**
     * A reboot timeout: {@code 90s}, {@code 15m}, {@code 1h30m}, or plain seconds ({@code 600}); more than zero.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it like 90s, 15m or 1h30m");
        }
        Duration d = Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2))).plusSeconds(number(m.group(3)));
        if (d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is no time at all: a reboot needs more than zero");
        }
        return d;
    }

    /**
     * A size in bytes: {@code 2G}, {@code 300M}, {@code 300MiB}, {@code 1048576}; K, M, G and T count in 1024s.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write it like 2G, 300M or 300MiB");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too big a size");
        }
        return n << shift;
    }

    /**
     * What is wrong with calling {@code function} with {@code args} as written (before {@code %name%} is replaced):
     * unknown name, wrong number of arguments, an empty argument, a timeout that is not a duration. Empty when the
     * call is fine.
     */
    public static List<String> problems(String function, List<String> args) {
        List<String> problems = new ArrayList<>();
        Optional<BuiltinSpec> found = spec(function);
        if (found.isEmpty()) {
            problems.add("unknown built-in '" + function + "': the built-ins are " + names());
            return problems;
        }
        BuiltinSpec spec = found.get();
        if (args.size() < spec.minArgs() || args.size() > spec.maxArgs()) {
            problems.add(spec.name() + " " + spec.arity() + ", not " + args.size() + ": write " + spec.usage());
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).isEmpty()) {
                problems.add("argument " + (i + 1) + " of " + spec.name() + " is empty: write " + spec.usage());
            }
        }
        if (spec.name().equals(REBOOT) && args.size() == 1 && !args.getFirst().isEmpty() && !args.getFirst().contains("%")) {
            try {
                duration(args.getFirst());
            } catch (IllegalArgumentException e) {
                problems.add("reboot's timeout " + e.getMessage());
            }
        }
        return problems;
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
