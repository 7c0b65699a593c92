package dev.baton.console.view;

/** An error page: the status and what to do about it. */
public record Problem(int status, String title, String message) {
}
