package dev.baton.pipeline.advisory;

import dev.baton.pipeline.repodata.UpdateRecord;
import java.util.List;

/**
 * The advisories one repository version publishes (see {@link Advisories#forVersion}): each lists only the packages
 * the version holds, with the sha256 of the file it holds.
 *
 * @param repository the repository's name
 */
public record VersionAdvisories(String repository, List<Advisory> advisories) {

    public VersionAdvisories {
        advisories = List.copyOf(advisories);
    }

    /** The advisories as {@link dev.baton.pipeline.repodata.RepodataWriter} writes them into updateinfo.xml. */
    public List<UpdateRecord> updateRecords() {
        return advisories.stream().map(UpdateRecords::toUpdateRecord).toList();
    }

    public boolean isEmpty() {
        return advisories.isEmpty();
    }
}
