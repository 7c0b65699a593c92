package dev.baton.pipeline.advisory;

import java.util.List;

/**
 * An advisory as a person writes it (the CLI's and the API's words), checked by {@link Advisories#create}: every
 * field is text here, so that a wrong one is refused with a message naming it.
 *
 * @param type            security, bugfix, enhancement or newpackage
 * @param severity        Critical, Important, Moderate, Low, or {@code null}/none
 * @param title           one line
 * @param summary         optional
 * @param description     optional
 * @param issued          {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM:SS} (UTC) or an ISO instant; {@code null}: now
 * @param cves            CVE ids ({@code CVE-2026-0001})
 * @param references      further references
 * @param packages        NEVRAs ({@code hello-1.1-1.noarch})
 * @param rebootSuggested the packages call for a reboot
 */
public record AdvisoryDraft(String type, String severity, String title, String summary, String description,
                            String issued, List<String> cves, List<AdvisoryReference> references, List<String> packages,
                            boolean rebootSuggested) {

    public AdvisoryDraft {
        cves = cves == null ? List.of() : List.copyOf(cves);
        references = references == null ? List.of() : List.copyOf(references);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
