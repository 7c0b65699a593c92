package dev.baton.pipeline.advisory;

import java.util.List;
import java.util.Optional;

/** Where advisories are kept (in baton-store, beside the locks). */
public interface AdvisoryStore {

    /**
     * The next number of a site advisory id for {@code prefix} and {@code year}, from 1: atomic, so two servers on
     * one database never get the same number. A number is never handed out twice, even when the advisory it was
     * meant for is then refused (ids may have gaps, as Red Hat's do).
     */
    int nextSequence(String prefix, int year);

    /** Stores a new advisory; false when one with that id exists (nothing is changed then). */
    boolean insert(Advisory advisory);

    /** Replaces the advisory with that id (its references and packages too); false when there is none. */
    boolean update(Advisory advisory);

    Optional<Advisory> find(String id);

    /** The site advisory derived from upstream advisory {@code upstreamId}, if any. */
    Optional<Advisory> findDerivedFrom(String upstreamId);

    /** Every advisory, newest issued first, then by id. */
    List<Advisory> list();
}
