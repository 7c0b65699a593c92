package dev.baton.pipeline.repodata;

import dev.baton.pipeline.rpm.Nevra;
import java.util.List;
import java.util.Objects;

/**
 * One advisory as updateinfo.xml has it ({@code <update>}): id (e.g. {@code SITE-SA:2026:0001}), type (security,
 * bugfix, enhancement, newpackage), severity (Critical, Important, Moderate, Low; null when none), status (stable,
 * testing, final), from (the issuer's address), title, issued and updated dates as written ({@code YYYY-MM-DD
 * HH:MM:SS}; updated may be null), summary and description (may be null), references and packages.
 */
public record UpdateRecord(String id, String type, String severity, String status, String from, String title,
    String issued, String updated, String summary, String description, List<Reference> references,
    List<Package> packages) {

  public UpdateRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    references = List.copyOf(references);
    packages = List.copyOf(packages);
  }

  /** A reference: {@code type} self, cve, bugzilla or other; {@code href} and {@code title} may be null. */
  public record Reference(String href, String id, String type, String title) {
  }

  /**
   * A package the advisory updates: its NEVRA, source rpm file name (null if not given), file name, the sha256 of
   * the file (null when the advisory does not carry it), and whether a reboot is suggested after installing it.
   */
  public record Package(Nevra nevra, String src, String filename, String sha256, boolean rebootSuggested) {
  }
}
