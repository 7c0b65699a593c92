package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;

/**
 * A repository's settings (its contents are in its {@link RepositoryVersion versions}).
 *
 * @param name             a URL path segment and a directory name (letters, digits, '.', '_', '-')
 * @param signWith         the name of the site key its packages must be signed with, or null: then it may hold
 *                         unsigned packages (never test-failed ones)
 * @param requiresTested   a package may be promoted into it only when marked tested in the repository it comes from
 * @param keepPublications how many publications are kept besides the live one (at least 1; default 3)
 * @param production       the end of the road: a package promoted or added into it is GOOD (seed 004's state)
 */
public record Repository(String name, String description, String signWith, boolean requiresTested,
                         int keepPublications, boolean production) {

    public static final int DEFAULT_KEEP_PUBLICATIONS = 3;

    public Repository {
        Checks.name("a repository name", name);
        description = description == null ? "" : description;
        if (description.length() > 2000) {
            throw new BadRequestException("a repository description is at most 2000 characters, got " + description.length());
        }
        if (signWith != null) {
            Checks.name("a signing key name (--sign-with)", signWith);
        }
        if (keepPublications < 1 || keepPublications > 100) {
            throw new BadRequestException("keepPublications must be between 1 and 100, got " + keepPublications);
        }
    }

    public Repository(String name, String description, String signWith, boolean requiresTested,
                      int keepPublications) {
        this(name, description, signWith, requiresTested, keepPublications, false);
    }

    public Repository(String name, String description, String signWith, boolean requiresTested) {
        this(name, description, signWith, requiresTested, DEFAULT_KEEP_PUBLICATIONS, false);
    }
}
