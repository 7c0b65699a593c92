package dev.baton.pipeline.repodata;

import static dev.baton.pipeline.repodata.XmlText.attr;
import static dev.baton.pipeline.repodata.XmlText.text;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes updateinfo.xml in the layout modifyrepo_c takes and dnf's {@code updateinfo} commands read: the one
 * updateinfo writer. {@link RepodataWriter} calls it for a publication; which advisories a repository version carries
 * is decided by {@code dev.baton.pipeline.advisory.Advisories#forVersion}. Text is escaped, and characters XML 1.0
 * cannot carry (control characters an upstream text may hold) are left out, as one would make dnf refuse the file.
 */
public final class UpdateinfoXml {
  private UpdateinfoXml() {
  }

  /** Writes {@code advisories}; an id listed twice is refused (dnf would show one and drop the other silently). */
  public static void write(Writer w, List<UpdateRecord> advisories) throws IOException {
    Set<String> ids = new HashSet<>();
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<updates>\n");
    for (UpdateRecord u : advisories) {
      if (!ids.add(u.id())) {
        throw new IllegalArgumentException("advisory " + u.id() + " is listed twice; an id appears once per"
            + " repository");
      }
      update(w, u);
    }
    w.write("</updates>\n");
  }

  private static void update(Writer w, UpdateRecord u) throws IOException {
    w.write("  <update from=\"");
    attr(w, u.from() == null ? "" : u.from());
    w.write("\" status=\"");
    attr(w, u.status() == null ? "stable" : u.status());
    w.write("\" type=\"");
    attr(w, u.type());
    w.write("\" version=\"2.0\">\n");
    element(w, "id", u.id());
    element(w, "title", u.title());
    if (u.issued() != null) {
      w.write("    <issued date=\"");
      attr(w, u.issued());
      w.write("\"/>\n");
    }
    if (u.updated() != null) {
      w.write("    <updated date=\"");
      attr(w, u.updated());
      w.write("\"/>\n");
    }
    element(w, "severity", u.severity());
    element(w, "summary", u.summary());
    element(w, "description", u.description());
    w.write("    <references>\n");
    for (UpdateRecord.Reference r : u.references()) {
      w.write("      <reference");
      XmlText.optionalAttr(w, "href", r.href());
      XmlText.optionalAttr(w, "id", r.id());
      XmlText.optionalAttr(w, "type", r.type());
      XmlText.optionalAttr(w, "title", r.title());
      w.write("/>\n");
    }
    w.write("    </references>\n    <pkglist>\n      <collection short=\"");
    attr(w, u.id());
    w.write("\">\n        <name>");
    text(w, u.id());
    w.write("</name>\n");
    for (UpdateRecord.Package p : u.packages()) {
      w.write("        <package name=\"");
      attr(w, p.nevra().name());
      w.write("\" epoch=\"" + p.nevra().epoch() + "\" version=\"");
      attr(w, p.nevra().version());
      w.write("\" release=\"");
      attr(w, p.nevra().release());
      w.write("\" arch=\"");
      attr(w, p.nevra().arch());
      w.write('"');
      XmlText.optionalAttr(w, "src", p.src());
      w.write(">\n          <filename>");
      text(w, p.filename());
      w.write("</filename>\n");
      if (p.sha256() != null) {
        w.write("          <sum type=\"sha256\">" + p.sha256() + "</sum>\n");
      }
      if (p.rebootSuggested()) {
        w.write("          <reboot_suggested>True</reboot_suggested>\n");
      }
      w.write("        </package>\n");
    }
    w.write("      </collection>\n    </pkglist>\n  </update>\n");
  }

  private static void element(Writer w, String name, String value) throws IOException {
    if (value != null) {
      w.write("    <" + name + ">");
      text(w, value);
      w.write("</" + name + ">\n");
    }
  }
}
