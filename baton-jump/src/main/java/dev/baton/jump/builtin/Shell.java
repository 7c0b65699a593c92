package dev.baton.jump.builtin;

/** Quoting for the POSIX shell that runs the built-ins' commands on a host. */
final class Shell {

    private Shell() {
    }

    /** {@code text} as one shell word: single-quoted unless it is plainly safe ({@code /dev/sda2}, {@code /media/jump}). */
    static String quote(String text) {
        if (!text.isEmpty() && text.matches("[A-Za-z0-9_./:,=+@%-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
