package dev.baton.cli;

import dev.baton.client.BatonClientException;
import dev.baton.client.BatonUnreachableException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How the {@code baton} command line turns mistakes into messages: values that do not convert say what was expected
 * in words ({@code 'ten' is not a whole number}, never a Java type), and failures while a command runs are one line
 * on stderr with the exit code of {@link ExitCodes}: a refusal of the server (1), a usage mistake (2), a server that
 * cannot be reached (3). No Java exception name or stack trace reaches a user; {@code BATON_DEBUG=1} prints the stack
 * trace of an unexpected failure.
 */
public final class Cli {

    /** A qualified Java class name followed by a colon inside a message: "java.net.ConnectException: ". */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]\\w*(\\.[\\w$]+)+(Exception|Error):?\\s*");

    private Cli() {
    }

    /** Installs the converters and the error handling on {@code cmd} and every subcommand it has now. */
    public static CommandLine configure(CommandLine cmd) {
        ITypeConverter<Integer> integer = v -> (int) whole(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ITypeConverter<Long> longs = v -> whole(v, Long.MIN_VALUE, Long.MAX_VALUE);
        cmd.registerConverter(Integer.class, integer);
        cmd.registerConverter(int.class, integer);
        cmd.registerConverter(Long.class, longs);
        cmd.registerConverter(long.class, longs);
        cmd.registerConverter(Double.class, Cli::number);
        cmd.registerConverter(double.class, Cli::number);
        cmd.registerConverter(Path.class, Cli::path);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine.getErr()));
        return cmd;
    }

    /** The exit code of a command that threw, after one line on stderr saying why. */
    static int failed(Exception e, PrintWriter err) {
        if (e instanceof CliException c) {
            err.println("baton: " + c.getMessage());
            return c.exitCode();
        }
        if (e instanceof BatonUnreachableException) {
            err.println("baton: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        if (e instanceof BatonClientException c) {
            err.println("baton: " + c.getMessage() + " (HTTP " + c.status() + ")");
            return c.status() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.REFUSED;
        }
        String message = e.getMessage() == null ? "" : CLASS_NAME.matcher(e.getMessage()).replaceAll("").strip();
        err.println("baton: unexpected failure" + (message.isEmpty() ? "" : ": " + message)
                + (System.getenv("BATON_DEBUG") == null ? " (set BATON_DEBUG=1 to see where)" : ""));
        if (System.getenv("BATON_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return ExitCodes.REFUSED;
    }

    private static long whole(String value, long min, long max) {
        String v = value.strip();
        if (!v.matches("[-+]?\\d+")) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // beyond long: the message below
        }
        throw new TypeConversionException("'" + value + "' is out of range (" + min + " to " + max + ")");
    }

    private static double number(String value) {
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new TypeConversionException("'" + value + "' is not a number");
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new TypeConversionException("'" + value + "' is not a file name: " + e.getReason());
        }
    }
}
