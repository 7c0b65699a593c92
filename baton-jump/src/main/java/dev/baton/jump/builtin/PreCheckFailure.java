package dev.baton.jump.builtin;

/**
 * Why a host must not start its jump.
 *
 * @param check  which check failed: {@code ssh}, {@code root}, {@code partition}, {@code boot}, {@code space}
 * @param reason what is wrong and what to do, in words
 */
public record PreCheckFailure(String check, String reason) {

    @Override
    public String toString() {
        return check + ": " + reason;
    }
}
