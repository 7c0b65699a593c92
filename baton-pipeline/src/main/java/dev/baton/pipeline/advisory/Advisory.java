package dev.baton.pipeline.advisory;

import java.time.Instant;
import java.util.List;

/**
 * An advisory: what updateinfo.xml says about an update, plus where it came from.
 *
 * @param id          {@code SITE-SA:2026:0001} for the site's own, the upstream's id ({@code RHSA-2026:0001}) otherwise;
 *                    one advisory per id
 * @param type        security, bugfix, enhancement or newpackage
 * @param severity    for a security advisory; {@code null} for none
 * @param status      updateinfo's status: {@code final} (published), {@code stable}, {@code testing}
 * @param title       one line
 * @param summary     a short paragraph, or empty
 * @param description the details, or empty
 * @param issued      when it was first issued
 * @param updated     when it was last changed ({@code issued} until then)
 * @param from        who issues it: the site's address for the site's own
 * @param references  self, CVE, Bugzilla and other references
 * @param packages    the packages that fix it
 * @param origin      the site's own, or upstream from a remote
 * @param derivedFrom for a site advisory derived from an upstream one: the upstream id; {@code null} otherwise
 */
public record Advisory(String id, AdvisoryType type, Severity severity, String status, String title, String summary,
                       String description, Instant issued, Instant updated, String from,
                       List<AdvisoryReference> references, List<AdvisoryPackage> packages, AdvisoryOrigin origin,
                       String derivedFrom) {

    public Advisory {
        summary = summary == null ? "" : summary;
        description = description == null ? "" : description;
        status = status == null || status.isBlank() ? "final" : status;
        updated = updated == null ? issued : updated;
        references = references == null ? List.of() : List.copyOf(references);
        packages = packages == null ? List.of() : List.copyOf(packages);
        origin = origin == null ? AdvisoryOrigin.SITE : origin;
    }

    /** The CVE ids among the references, in order. */
    public List<String> cves() {
        return references.stream().filter(r -> r.type() == AdvisoryReference.Type.CVE).map(AdvisoryReference::id).toList();
    }

    public Advisory withId(String value) {
        return new Advisory(value, type, severity, status, title, summary, description, issued, updated, from,
                references, packages, origin, derivedFrom);
    }

    public Advisory withPackages(List<AdvisoryPackage> value) {
        return new Advisory(id, type, severity, status, title, summary, description, issued, updated, from,
                references, value, origin, derivedFrom);
    }
}
