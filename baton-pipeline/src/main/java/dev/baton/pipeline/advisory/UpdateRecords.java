package dev.baton.pipeline.advisory;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.repodata.UpdateRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Between repodata's {@link UpdateRecord} (an advisory as updateinfo.xml spells it) and {@link Advisory}: an upstream
 * remote's updateinfo.xml becomes upstream advisories, and an advisory becomes the record
 * {@link dev.baton.pipeline.repodata.RepodataWriter} publishes.
 */
public final class UpdateRecords {

    private UpdateRecords() {
    }

    /**
     * The upstream advisory of a remote's updateinfo record. Dates are read as updateinfo writes them
     * ({@code YYYY-MM-DD HH:MM:SS} UTC, {@code YYYY-MM-DD}, or seconds since 1970 as some repositories write them);
     * an unknown reference type is {@code other}.
     *
     * @throws BadRequestException a wrong type, severity or date, naming the advisory and the field
     */
    public static Advisory toAdvisory(UpdateRecord r, String remote) {
        try {
            Instant issued = date("issued", r.issued() == null ? r.updated() : r.issued());
            Instant updated = r.updated() == null ? issued : date("updated", r.updated());
            List<AdvisoryReference> references = r.references().stream().filter(x -> x.id() != null && !x.id().isBlank())
                    .map(x -> new AdvisoryReference(x.href(), x.id(), AdvisoryReference.Type.parse(x.type()), x.title()))
                    .toList();
            List<AdvisoryPackage> packages = r.packages().stream()
                    .map(p -> new AdvisoryPackage(p.nevra(), p.filename(), p.sha256(), p.rebootSuggested())).toList();
            return new Advisory(r.id(), AdvisoryType.parse(r.type()), Severity.parse(r.severity()), r.status(),
                    r.title() == null || r.title().isBlank() ? r.id() : r.title(), r.summary(), r.description(), issued,
                    updated, r.from(), references, packages, AdvisoryOrigin.upstream(remote), null);
        } catch (BadRequestException e) {
            throw new BadRequestException("updateinfo advisory " + r.id() + " of remote " + remote + ": " + e.getMessage());
        }
    }

    /** The record updateinfo.xml is written from. */
    public static UpdateRecord toUpdateRecord(Advisory a) {
        return new UpdateRecord(a.id(), a.type().wireName(), a.severity() == null ? null : a.severity().wireName(),
                a.status(), a.from(), a.title(), format(a.issued()), format(a.updated()), a.summary(), a.description(),
                a.references().stream().map(r -> new UpdateRecord.Reference(r.href(), r.id(), r.type().wireName(),
                        r.title())).toList(),
                a.packages().stream().map(p -> new UpdateRecord.Package(p.nevra(), null, p.filename(), p.sha256(),
                        p.rebootSuggested())).toList());
    }

    private static Instant date(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException("advisory " + field + " date is missing");
        }
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        return Advisories.date(field, t);
    }

    private static String format(Instant at) {
        return at == null ? null : Advisories.UPDATEINFO_DATE.format(at.atZone(ZoneOffset.UTC));
    }
}
