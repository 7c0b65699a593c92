package dev.baton.cli;


/** Exit codes of the admin CLI, listed in every command's help. */
public final class ExitCodes {
    /** Done: granted, released, changed, shown. */
    public static final int OK = 0;
    /** The server refused: not granted (full, frozen, disabled, timed out), not found, or not allowed. */
    public static final int REFUSED = 1;
    /** Bad usage or missing credentials. */
    public static final int USAGE = 2;
    /** The server could not be reached or answered with an error of its own (5xx). */
    public static final int UNAVAILABLE = 3;

    public static final String HELP = "Exit codes: 0 done; 1 refused (not granted, not found, not allowed); "
            + "2 bad usage; 3 server unreachable or failing. 'lock run' exits with the command's own code.";

    private ExitCodes() {
    }
}
