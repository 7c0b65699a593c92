package dev.baton.pipeline.repodata;

import static dev.baton.pipeline.repodata.XmlText.attr;
import static dev.baton.pipeline.repodata.XmlText.text;

import dev.baton.pipeline.repodata.PackageMetadata.Dependency;
import dev.baton.pipeline.repodata.PackageMetadata.FileEntry;
import dev.baton.pipeline.repodata.PackageMetadata.FileType;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * One package's entries in primary.xml, filelists.xml and other.xml, in the layout createrepo_c writes (which is what
 * dnf/libsolv, yum and zypper are tested against).
 */
final class PackageXml {
  static final String PRIMARY_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata"
      + " xmlns=\"http://linux.duke.edu/metadata/common\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\""
      + " packages=\"%d\">\n";
  static final String FILELISTS_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<filelists"
      + " xmlns=\"http://linux.duke.edu/metadata/filelists\" packages=\"%d\">\n";
  static final String OTHER_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<otherdata"
      + " xmlns=\"http://linux.duke.edu/metadata/other\" packages=\"%d\">\n";

  private PackageXml() {
  }

  /**
   * Whether a file is listed in primary.xml too (createrepo_c's rule: what dependency solving most often needs
   * without loading filelists: anything under /etc, any *bin/ path, and /usr/lib/sendmail).
   */
  static boolean isPrimaryFile(String path) {
    return path.startsWith("/etc/") || path.contains("bin/") || path.equals("/usr/lib/sendmail");
  }

  static void primary(Writer w, PackageMetadata p) throws IOException {
    w.write("<package type=\"rpm\">\n  <name>");
    text(w, p.nevra().name());
    w.write("</name>\n  <arch>");
    text(w, p.nevra().arch());
    w.write("</arch>\n  ");
    version(w, p);
    w.write("\n  <checksum type=\"sha256\" pkgid=\"YES\">");
    w.write(p.pkgid());
    w.write("</checksum>\n  <summary>");
    text(w, p.summary());
    w.write("</summary>\n  <description>");
    text(w, p.description());
    w.write("</description>\n  <packager>");
    text(w, p.packager());
    w.write("</packager>\n  <url>");
    text(w, p.url());
    w.write("</url>\n  <time file=\"" + p.fileTime() + "\" build=\"" + p.buildTime() + "\"/>\n  <size package=\""
        + p.packageSize() + "\" installed=\"" + p.installedSize() + "\" archive=\"" + p.archiveSize()
        + "\"/>\n  <location href=\"");
    attr(w, p.href());
    w.write("\"/>\n  <format>\n    <rpm:license>");
    text(w, p.license());
    w.write("</rpm:license>\n    <rpm:vendor>");
    text(w, p.vendor());
    w.write("</rpm:vendor>\n    <rpm:group>");
    text(w, p.group());
    w.write("</rpm:group>\n    <rpm:buildhost>");
    text(w, p.buildhost());
    w.write("</rpm:buildhost>\n    <rpm:sourcerpm>");
    text(w, p.sourcerpm());
    w.write("</rpm:sourcerpm>\n    <rpm:header-range start=\"" + p.headerStart() + "\" end=\"" + p.headerEnd()
        + "\"/>\n");
    PackageMetadata.Dependencies d = p.dependencies();
    dependencies(w, "provides", d.provides());
    dependencies(w, "requires", d.requires());
    dependencies(w, "conflicts", d.conflicts());
    dependencies(w, "obsoletes", d.obsoletes());
    dependencies(w, "suggests", d.suggests());
    dependencies(w, "enhances", d.enhances());
    dependencies(w, "recommends", d.recommends());
    dependencies(w, "supplements", d.supplements());
    for (FileEntry f : p.files()) {
      if (isPrimaryFile(f.path())) {
        file(w, "    ", f);
      }
    }
    w.write("  </format>\n</package>\n");
  }

  static void filelists(Writer w, PackageMetadata p) throws IOException {
    packageStart(w, p);
    for (FileEntry f : p.files()) {
      file(w, "  ", f);
    }
    w.write("</package>\n");
  }

  static void other(Writer w, PackageMetadata p) throws IOException {
    packageStart(w, p);
    // other.xml lists the changelog oldest first, as rpm -q --changelog shows it reversed.
    List<PackageMetadata.Changelog> changelogs = p.changelogs();
    for (int i = changelogs.size() - 1; i >= 0; i--) {
      PackageMetadata.Changelog c = changelogs.get(i);
      w.write("  <changelog author=\"");
      attr(w, c.author());
      w.write("\" date=\"" + c.date() + "\">");
      text(w, c.text());
      w.write("</changelog>\n");
    }
    w.write("</package>\n");
  }

  private static void packageStart(Writer w, PackageMetadata p) throws IOException {
    w.write("<package pkgid=\"");
    w.write(p.pkgid());
    w.write("\" name=\"");
    attr(w, p.nevra().name());
    w.write("\" arch=\"");
    attr(w, p.nevra().arch());
    w.write("\">\n  ");
    version(w, p);
    w.write("\n");
  }

  private static void version(Writer w, PackageMetadata p) throws IOException {
    w.write("<version epoch=\"" + p.nevra().epoch() + "\" ver=\"");
    attr(w, p.nevra().version());
    w.write("\" rel=\"");
    attr(w, p.nevra().release());
    w.write("\"/>");
  }

  private static void dependencies(Writer w, String kind, List<Dependency> list) throws IOException {
    if (list.isEmpty()) {
      return;
    }
    w.write("    <rpm:" + kind + ">\n");
    for (Dependency d : list) {
      w.write("      <rpm:entry name=\"");
      attr(w, d.name());
      w.write('"');
      if (d.flags() != null) {
        w.write(" flags=\"" + d.flags() + "\"");
      }
      optional(w, "epoch", d.epoch());
      optional(w, "ver", d.version());
      optional(w, "rel", d.release());
      if (d.pre()) {
        w.write(" pre=\"1\"");
      }
      w.write("/>\n");
    }
    w.write("    </rpm:" + kind + ">\n");
  }

  private static void optional(Writer w, String name, String value) throws IOException {
    if (value != null) {
      w.write(" " + name + "=\"");
      attr(w, value);
      w.write('"');
    }
  }

  private static void file(Writer w, String indent, FileEntry f) throws IOException {
    w.write(indent);
    w.write(f.type() == FileType.DIR ? "<file type=\"dir\">" : f.type() == FileType.GHOST ? "<file type=\"ghost\">"
        : "<file>");
    text(w, f.path());
    w.write("</file>\n");
  }
}
