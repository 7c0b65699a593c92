package dev.baton.jobs;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;

/**
 * Validation of job kinds and subjects, and the lock a job holds. The lock's name is
 * {@code baton-job-<kind>-<subject>}, so both are limited to what lock names allow and to a length that keeps the
 * name within {@link Names#MAX_LOCK_NAME}.
 */
public final class JobNames {

    public static final String LOCK_PREFIX = "baton-job-";
    public static final int MAX_KIND = 32;
    public static final int MAX_SUBJECT = Names.MAX_LOCK_NAME - LOCK_PREFIX.length() - MAX_KIND - 1;

    private JobNames() {
    }

    /** A kind: 1 to 32 lower-case letters, digits and dashes, starting with a letter. */
    public static String kind(String kind) {
        if (kind == null || !kind.matches("[a-z][a-z0-9-]{0," + (MAX_KIND - 1) + "}")) {
            throw new BadRequestException("job kind must be 1 to " + MAX_KIND
                    + " lower-case letters, digits and dashes, starting with a letter; got '" + kind + "'");
        }
        return kind;
    }

    /** A subject: 1 to {@link #MAX_SUBJECT} characters that a lock name may hold (letters, digits and . - _ : @ +). */
    public static String subject(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT) {
            throw new BadRequestException("job subject must be 1 to " + MAX_SUBJECT + " characters; got "
                    + (subject == null ? "none" : subject.length()));
        }
        try {
            Names.lockName(subject);
        } catch (BadRequestException e) {
            throw new BadRequestException("job subject: " + e.getMessage().replace("lock name", "it"));
        }
        return subject;
    }

    static String lockName(String kind, String subject) {
        return LOCK_PREFIX + kind + "-" + subject;
    }
}
