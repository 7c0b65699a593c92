package dev.baton.pipeline.repodata;

import static dev.baton.pipeline.repodata.XmlText.attr;
import static dev.baton.pipeline.repodata.XmlText.text;

import java.io.IOException;
import java.io.Writer;

/** Writes repomd.xml as createrepo_c lays it out. */
final class RepomdXml {
  private RepomdXml() {
  }

  static void write(Writer w, Repomd repomd) throws IOException {
    w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<repomd xmlns=\"http://linux.duke.edu/metadata/repo\""
        + " xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\">\n  <revision>");
    text(w, repomd.revision());
    w.write("</revision>\n");
    for (RepomdEntry e : repomd.entries()) {
      w.write("  <data type=\"");
      attr(w, e.type());
      w.write("\">\n    <checksum type=\"" + e.checksumType() + "\">" + e.checksum() + "</checksum>\n");
      if (e.openChecksum() != null) {
        w.write("    <open-checksum type=\"" + e.openChecksumType() + "\">" + e.openChecksum()
            + "</open-checksum>\n");
      }
      w.write("    <location href=\"");
      attr(w, e.href());
      w.write("\"/>\n    <timestamp>" + e.timestamp() + "</timestamp>\n    <size>" + e.size() + "</size>\n");
      if (e.openSize() >= 0) {
        w.write("    <open-size>" + e.openSize() + "</open-size>\n");
      }
      w.write("  </data>\n");
    }
    w.write("</repomd>\n");
  }
}
