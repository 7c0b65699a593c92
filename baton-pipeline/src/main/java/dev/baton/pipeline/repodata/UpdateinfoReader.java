package dev.baton.pipeline.repodata;

import dev.baton.pipeline.rpm.Nevra;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;

/**
 * Streams an updateinfo.xml (decompressed) advisory by advisory through {@link SafeXml}: one {@code <update>} at a
 * time is held in memory, each bounded to {@link #MAX_ITEMS} references and packages. Packages of all collections
 * of an advisory are listed together. An advisory without an id or type, or a package without its NEVRA, is refused
 * with a {@link RepodataFormatException} naming it.
 */
public final class UpdateinfoReader {
  /** The most references or packages one advisory may list. */
  public static final int MAX_ITEMS = 100_000;

  private UpdateinfoReader() {
  }

  /** Reads {@code in} (decompressed, not closed); returns the number of advisories handed over. */
  public static long read(InputStream in, Consumer<UpdateRecord> consumer) {
    SafeXml xml = SafeXml.open(in, "updateinfo.xml");
    try {
      long count = 0;
      boolean root = false;
      for (int event = xml.next(); event != XMLStreamConstants.END_DOCUMENT; event = xml.next()) {
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = xml.reader().getLocalName();
        if (!root) {
          if (!name.equals("updates")) {
            throw xml.fail("starts with <" + name + ">, not <updates>: this is not an updateinfo.xml");
          }
          root = true;
        } else if (name.equals("update")) {
          consumer.accept(update(xml, count));
          count++;
        } else {
          xml.skip();
        }
      }
      if (!root) {
        throw xml.fail("is empty");
      }
      return count;
    } finally {
      xml.close();
    }
  }

  private static UpdateRecord update(SafeXml xml, long index) {
    String type = xml.attribute("type");
    String status = xml.attribute("status");
    String from = xml.attribute("from");
    String id = null;
    String title = null;
    String issued = null;
    String updated = null;
    String severity = null;
    String summary = null;
    String description = null;
    List<UpdateRecord.Reference> references = new ArrayList<>();
    List<UpdateRecord.Package> packages = new ArrayList<>();
    for (int event = xml.next(); event != XMLStreamConstants.END_ELEMENT; event = xml.next()) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside advisory #" + (index + 1) + (id == null ? "" : " (" + id + ")") + ": truncated");
      }
      if (event != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      switch (xml.reader().getLocalName()) {
        case "id" -> id = xml.text().trim();
        case "title" -> title = xml.text().trim();
        case "severity" -> severity = blankToNull(xml.text().trim());
        case "summary" -> summary = blankToNull(xml.text());
        case "description" -> description = blankToNull(xml.text());
        case "issued" -> {
          issued = xml.attribute("date");
          xml.skip();
        }
        case "updated" -> {
          updated = xml.attribute("date");
          xml.skip();
        }
        case "references" -> references(xml, references);
        case "pkglist" -> pkglist(xml, packages, id);
        default -> xml.skip();
      }
    }
    if (id == null || id.isEmpty()) {
      throw xml.fail("has advisory #" + (index + 1) + " without an <id>");
    }
    if (type == null || type.isEmpty()) {
      throw xml.fail("has advisory " + id + " without its type=\"...\" (security, bugfix, enhancement, newpackage)");
    }
    return new UpdateRecord(id, type, severity, status, from, title, issued, updated, summary, description,
        references, packages);
  }

  private static void references(SafeXml xml, List<UpdateRecord.Reference> into) {
    for (int event = xml.next(); event != XMLStreamConstants.END_ELEMENT; event = xml.next()) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside <references>: truncated");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (xml.reader().getLocalName().equals("reference")) {
          bounded(xml, into.size(), "references");
          into.add(new UpdateRecord.Reference(xml.attribute("href"), xml.attribute("id"), xml.attribute("type"),
              xml.attribute("title")));
        }
        xml.skip();
      }
    }
  }

  /** Reads {@code <pkglist>}: collections of packages (and modules, skipped). */
  private static void pkglist(SafeXml xml, List<UpdateRecord.Package> into, String id) {
    int level = 1;
    while (level > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside <pkglist>: truncated");
      }
      if (event == XMLStreamConstants.END_ELEMENT) {
        level--;
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        switch (xml.reader().getLocalName()) {
          case "collection" -> level++;
          case "package" -> {
            bounded(xml, into.size(), "packages");
            into.add(pkg(xml, id));
          }
          default -> xml.skip();
        }
      }
    }
  }

  private static UpdateRecord.Package pkg(SafeXml xml, String id) {
    String name = xml.requiredAttribute("name");
    String epoch = xml.attribute("epoch");
    String version = xml.requiredAttribute("version");
    String release = xml.requiredAttribute("release");
    String arch = xml.requiredAttribute("arch");
    String src = xml.attribute("src");
    String filename = null;
    String sha256 = null;
    boolean reboot = false;
    for (int event = xml.next(); event != XMLStreamConstants.END_ELEMENT; event = xml.next()) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside advisory " + id + "'s package " + name + ": truncated");
      }
      if (event != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      switch (xml.reader().getLocalName()) {
        case "filename" -> {
          filename = xml.text().trim();
          if (filename.contains("/") || filename.equals("..")) {
            throw xml.fail("gives advisory " + id + "'s package " + name + " the filename \""
                + SafeXml.shorten(filename) + "\"; a filename has no directories");
          }
        }
        case "sum" -> {
          String type = Checksums.type(xml.attribute("type"), xml);
          String hex = Checksums.hex(type, xml.text(), xml);
          sha256 = type.equals("sha256") ? hex : sha256;
        }
        case "reboot_suggested" -> reboot = isTrue(xml.text().trim());
        default -> xml.skip();
      }
    }
    int e;
    try {
      e = epoch == null || epoch.isEmpty() ? 0 : Integer.parseInt(epoch);
    } catch (NumberFormatException ex) {
      throw xml.fail("gives advisory " + id + "'s package " + name + " the epoch \"" + SafeXml.shorten(epoch)
          + "\", not a number");
    }
    Nevra nevra;
    try {
      nevra = new Nevra(name, e, version, release, arch);
    } catch (IllegalArgumentException ex) {
      throw xml.fail("gives advisory " + id + " a package with an unusable NEVRA: " + ex.getMessage());
    }
    return new UpdateRecord.Package(nevra, src, filename, sha256, reboot);
  }

  private static boolean isTrue(String text) {
    return text.equalsIgnoreCase("true") || text.equals("1");
  }

  private static void bounded(SafeXml xml, int size, String what) {
    if (size >= MAX_ITEMS) {
      throw xml.fail("lists more than " + MAX_ITEMS + " " + what + " in one advisory");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
