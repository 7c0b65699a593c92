package dev.baton.console;

/** A request the console answers with an error page: the status, a title and what to do. */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;

    Refusal(int status, String title, String message) {
        super(message, null, false, false);
        this.status = status;
        this.title = title;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }
}
