package dev.baton.pipeline.publish;

import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.AdvisoryAnnouncements;
import dev.baton.pipeline.advisory.VersionAdvisories;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.KeySigner;
import java.io.IOException;
import java.util.List;

/**
 * Publishes a repository's latest version (the work of the {@value #JOB_KIND} job, whose subject is the repository's
 * name): its package files, its metadata with the advisories whose packages it holds, {@code repomd.xml} signed with
 * the repository's {@code signWith} key, switched live atomically ({@link Publications} holds the file-system
 * contract). Publishing the latest version, not a given one, makes a burst of changes publish once or twice. Once a
 * production repository's publication is live, the advisories it holds for the first time are announced.
 */
public final class Publisher {

    /** The job kind that publishes; its subject is the repository's name. */
    public static final String JOB_KIND = "repo-publish";

    private final Repositories repositories;
    private final Advisories advisories;
    private final AdvisoryAnnouncements announcements;
    private final SigningKeys keys;
    private final Publications publications;

    public Publisher(Repositories repositories, Advisories advisories, AdvisoryAnnouncements announcements, SigningKeys keys,
                     Publications publications) {
        this.repositories = repositories;
        this.advisories = advisories;
        this.announcements = announcements;
        this.keys = keys;
        this.publications = publications;
    }

    /** Publishes the latest version of the repository and makes it live. */
    public Publications.Publication publish(String repositoryName) throws IOException {
        Repository repository = repositories.show(repositoryName);
        RepositoryVersion version = repositories.latest(repositoryName);
        List<PackageRecord> packages = repositories.packages(repositoryName, version.number());
        // The key first: a repository that should be signed is never published unsigned.
        KeySigner signer = repository.signWith() == null ? null : keys.forSigning(repository.signWith());
        VersionAdvisories held = advisories.forVersion(repositoryName, packages);
        Publications.Publication live = publications.publish(repositoryName, version.number(), packages,
                held.updateRecords(), signer, repository.keepPublications());
        // Once live: a production repository announces the advisories it publishes for the first time.
        announcements.published(repository.production(), held);
        return live;
    }

    public Publications publications() {
        return publications;
    }
}
