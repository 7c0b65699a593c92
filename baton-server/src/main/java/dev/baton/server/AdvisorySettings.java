package dev.baton.server;

import dev.baton.pipeline.advisory.Advisories;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The site's advisories: how their ids start, who issues them, and where the announcement templates are.
 *
 * @param prefix    the site advisories' id prefix ({@code SITE-SA} gives {@code SITE-SA:2026:0001}); upper-case
 *                  letters, digits and dashes. Default {@value Advisories#DEFAULT_PREFIX}.
 * @param from      the address written as the advisories' {@code from} in updateinfo.xml, or {@code null} for none
 * @param templates a directory whose {@code advisory-mail-subject.txt}, {@code advisory-mail-body.txt} and
 *                  {@code advisory-webhook.json} replace the built-in announcement templates, or {@code null}
 */
public record AdvisorySettings(String prefix, String from, Path templates) {

    public static final AdvisorySettings DEFAULTS = new AdvisorySettings(Advisories.DEFAULT_PREFIX, null, null);

    public AdvisorySettings {
        prefix = prefix == null || prefix.isBlank() ? Advisories.DEFAULT_PREFIX : prefix.strip();
        Advisories.checkPrefix(prefix);
        from = from == null || from.isBlank() ? null : from.strip();
        if (templates != null && !Files.isDirectory(templates)) {
            throw new IllegalArgumentException("--advisory-templates " + templates + " is not a directory: give the "
                    + "directory holding advisory-mail-subject.txt, advisory-mail-body.txt or advisory-webhook.json");
        }
    }
}
