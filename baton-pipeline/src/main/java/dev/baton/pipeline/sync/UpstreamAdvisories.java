package dev.baton.pipeline.sync;

import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.AdvisoryExistsException;
import dev.baton.pipeline.advisory.CsafFormatException;
import dev.baton.pipeline.advisory.CsafSource;
import dev.baton.pipeline.advisory.UpdateRecords;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.repodata.RepodataFormatException;
import dev.baton.pipeline.repodata.Repomd;
import dev.baton.pipeline.repodata.UpdateinfoReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream advisories one sync of a remote records: its {@code updateinfo.xml}, and its Red Hat CSAF advisories
 * from a directory or an http(s) URL ({@link CsafFeed}). Known ones are replaced. An advisory that cannot be read or
 * recorded does not fail the sync: it is a problem, logged and counted in the sync's result with the first reason.
 */
final class UpstreamAdvisories {

    private static final Logger log = LoggerFactory.getLogger(UpstreamAdvisories.class);

    private final Advisories advisories;
    private final Remote remote;
    private final Path pipelineDir;
    private final List<String> problems = new ArrayList<>();

    UpstreamAdvisories(Advisories advisories, Remote remote, Path pipelineDir) {
        this.advisories = advisories;
        this.remote = remote;
        this.pipelineDir = pipelineDir;
    }

    /** Records the remote's updateinfo advisories; broken metadata fails the sync (like broken primary metadata). */
    void updateinfo(Upstream upstream, Repomd repomd, Path dir) throws IOException, InterruptedException {
        var entry = repomd.entry("updateinfo");
        if (entry.isPresent()) {
            Path file = Metadata.fetch(upstream, entry.get(), dir.resolve("updateinfo" + entry.get().compression().suffix()));
            List<Advisory> read = new ArrayList<>();
            try (InputStream in = Metadata.open(entry.get(), file)) {
                UpdateinfoReader.read(in, r -> read.add(UpdateRecords.toAdvisory(r, remote.name())));
            } catch (RepodataFormatException e) {
                throw new SyncFailedException(entry.get().href() + " of remote " + remote.name() + ": " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(file);
            }
            record(read);
        }
    }

    /**
     * Records the remote's CSAF advisories, from its directory or its URL (only new and changed documents are
     * fetched). Answers what the sync's result says of them ("" without any). A feed that cannot be read at all is a
     * problem too: the packages of the sync stand.
     */
    String csaf() throws InterruptedException {
        if (remote.advisories() == null || remote.advisories().isBlank()) {
            return "";
        }
        try {
            if (!remote.advisories().contains("://")) {
                CsafSource.Batch batch = CsafSource.directory(Path.of(remote.advisories()), remote.name()).read();
                problems.addAll(batch.problems());
                int recorded = record(batch.advisories());
                return ", CSAF: " + recorded + " advisories read";
            }
            CsafFeed feed = CsafFeed.of(remote, pipelineDir);
            CsafFeed.Result read = feed.read();
            problems.addAll(read.batch().problems());
            int recorded = record(read.batch().advisories());
            feed.save(read);
            return ", CSAF: " + read.fetched() + " documents fetched (" + recorded + " advisories recorded), "
                    + read.unchanged() + " unchanged";
        } catch (SyncFailedException | CsafFormatException | IOException | IllegalArgumentException e) {
            problems.add("the CSAF advisories of remote " + remote.name() + " (" + remote.advisories()
                    + ") cannot be read: " + e.getMessage());
            return "";
        }
    }

    /** ", N advisories not recorded (see the log), the first: ..." or "" (each problem is logged). */
    String notRecorded() {
        problems.forEach(p -> log.warn("remote {}: {}", remote.name(), p));
        return problems.isEmpty() ? "" : ", " + problems.size() + " advisories not recorded (see the log), the first: "
                + problems.getFirst();
    }

    /** Records the advisories; answers how many were (each one that was not is a problem). */
    private int record(List<Advisory> read) {
        int recorded = 0;
        for (Advisory a : read) {
            try {
                advisories.recordUpstream(a);
                recorded++;
            } catch (AdvisoryExistsException | IllegalArgumentException e) {
                problems.add("advisory " + a.id() + ": " + e.getMessage());
            }
        }
        return recorded;
    }
}
