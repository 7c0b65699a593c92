package dev.baton.pipeline.advisory;

import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces the advisories a production repository publishes: each advisory once per repository, the first time a
 * publication of that repository carries it, as an {@value AdvisoryAnnouncement#KIND} notice with the rendered mail
 * text (the notification rules decide who hears of it).
 *
 * <p>Once: the notice's dedupe key is {@code advisory.published:<repository>:<id>}, and the notifier stores every
 * notice's key durably in the transaction that stores the notice, dropping a notice whose key it has (notices are
 * never purged). That stored key is what remembers an announcement, so a re-publish, a rollback and publish again,
 * or a second server publishing the same version announces nothing new; there is no second record to disagree.
 */
public final class AdvisoryAnnouncements {

    private static final System.Logger log = System.getLogger(AdvisoryAnnouncements.class.getName());

    private final AdvisoryAnnouncement templates;
    private final Notifier notifier;
    private final InstantSource clock;

    /** Registers the {@value AdvisoryAnnouncement#KIND} kind with the notifier, so that rules can subscribe to it. */
    public AdvisoryAnnouncements(AdvisoryAnnouncement templates, Notifier notifier, InstantSource clock) {
        this.templates = templates;
        this.notifier = notifier;
        this.clock = clock;
        if (!notifier.kinds().known(AdvisoryAnnouncement.KIND)) {
            AdvisoryAnnouncement.registerKind(notifier.kinds());
        }
    }

    /**
     * Called after a publication of a repository went live: announces those of its advisories not announced for this
     * repository before. Nothing for a repository that is not production. Never throws for an announcement that
     * cannot be raised (logged), so that it cannot fail the publication that is live already.
     *
     * @param production whether the repository is the site's production repository (hosts install from it)
     * @return the ids announced now
     */
    public List<String> published(boolean production, VersionAdvisories advisories) {
        if (!production || advisories.isEmpty()) {
            return List.of();
        }
        List<String> announced = new ArrayList<>();
        for (Advisory a : advisories.advisories()) {
            try {
                Notice notice = templates.notice(a, advisories.repository(), clock.instant());
                if (notifier.publish(notice)) {
                    announced.add(a.id());
                }
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "cannot announce advisory " + a.id() + " published in "
                        + advisories.repository() + ": " + e.getMessage(), e);
            }
        }
        return announced;
    }
}
