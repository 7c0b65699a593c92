package dev.baton.pipeline.advisory;

/**
 * An advisory with that id exists already. Says which one holds the id: Pulp's users complain that conflicting
 * ids were silently merged or dropped.
 */
public class AdvisoryExistsException extends RuntimeException {
    public AdvisoryExistsException(Advisory holder) {
        super("advisory id " + holder.id() + " is taken by '" + holder.title() + "' ("
                + (holder.origin().site() ? "a site advisory" : "an upstream advisory from remote " + holder.origin().remote())
                + ", issued " + holder.issued() + "): an id names one advisory; update that one, or leave the id out "
                + "to be given the next free one");
    }
}
