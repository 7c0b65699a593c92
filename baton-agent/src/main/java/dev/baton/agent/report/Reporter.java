package dev.baton.agent.report;

/**
 * Tells the Baton server what the agent is doing, one step at a time, so operators see each host's progress.
 * Best effort by contract: {@link #report} never blocks and never fails the run; a server that is down or does
 * not know the reports endpoint (404) only costs a log line.
 */
public interface Reporter extends AutoCloseable {

    /** Reports nothing. */
    Reporter NONE = new Reporter() {
        @Override
        public void report(String phase, String script, String status, Integer exitCode, String message) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * @param script   the script concerned, or null
     * @param status   {@code started}, {@code ok}, {@code failed}, {@code skipped}, {@code waiting}, {@code granted},
     *                 {@code updates_available}, {@code rebooting}, {@code done}
     * @param exitCode the script's exit code, or null
     */
    void report(String phase, String script, String status, Integer exitCode, String message);

    /** Sends what is queued, waiting a bounded time; never throws. */
    @Override
    void close();
}
