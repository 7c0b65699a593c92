package dev.baton.pipeline.advisory;

/**
 * Where an advisory comes from: the site's own, or an upstream one read from a remote.
 *
 * @param kind   site or upstream
 * @param remote the remote it was read from, for an upstream advisory; {@code null} for the site's own
 */
public record AdvisoryOrigin(Kind kind, String remote) {

    public enum Kind { SITE, UPSTREAM }

    public static final AdvisoryOrigin SITE = new AdvisoryOrigin(Kind.SITE, null);

    public AdvisoryOrigin {
        if (kind == null) {
            throw new IllegalArgumentException("an advisory origin needs its kind");
        }
        if (kind == Kind.SITE) {
            remote = null;
        }
    }

    public static AdvisoryOrigin upstream(String remote) {
        return new AdvisoryOrigin(Kind.UPSTREAM, remote);
    }

    public boolean site() {
        return kind == Kind.SITE;
    }
}
