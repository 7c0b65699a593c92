package dev.baton.pipeline.repodata;

import dev.baton.pipeline.rpm.Nevra;
import java.io.InputStream;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamConstants;

/**
 * Streams a primary.xml (decompressed) package by package: each {@code <package>} is handed to the consumer as soon
 * as it is read and then forgotten, so memory does not grow with the repository (50,000 packages or 5). The
 * dependency lists and file lists of each package are skipped, not parsed.
 *
 * <p>Refused with a {@link RepodataFormatException} naming the package: a missing name/version/arch/checksum/
 * location, a checksum other than sha256 (downloads are verified by sha256), an unsafe {@code location href}
 * (absolute, {@code ..}, a scheme), a declared size over {@link #MAX_PACKAGE_SIZE}, plus whatever {@link SafeXml}
 * refuses. Packages handed over before the failure were well-formed; a caller that must not keep half a
 * repository collects them and drops them on failure.
 */
public final class PrimaryReader {
  /** The largest package accepted (the largest RPMs in the wild are a few GiB). */
  public static final long MAX_PACKAGE_SIZE = 64L << 30;

  private PrimaryReader() {
  }

  /** Reads {@code in} (decompressed, not closed); returns the number of packages handed over. */
  public static long read(InputStream in, Consumer<PrimaryPackage> consumer) {
    SafeXml xml = SafeXml.open(in, "primary.xml");
    try {
      long count = 0;
      boolean root = false;
      for (int event = xml.next(); event != XMLStreamConstants.END_DOCUMENT; event = xml.next()) {
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = xml.reader().getLocalName();
        if (!root) {
          if (!name.equals("metadata")) {
            throw xml.fail("starts with <" + name + ">, not <metadata>: this is not a primary.xml");
          }
          root = true;
        } else if (name.equals("package")) {
          consumer.accept(pkg(xml, count));
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

  private static PrimaryPackage pkg(SafeXml xml, long index) {
    String name = null;
    String arch = null;
    String epoch = null;
    String ver = null;
    String rel = null;
    String sha256 = null;
    String href = null;
    String sourceRpm = null;
    long size = -1;
    long installed = -1;
    long build = 0;
    for (int event = xml.next(); event != XMLStreamConstants.END_ELEMENT; event = xml.next()) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside package #" + (index + 1) + (name == null ? "" : " (" + name + ")")
            + ": truncated");
      }
      if (event != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      switch (xml.reader().getLocalName()) {
        case "name" -> name = xml.text().trim();
        case "arch" -> arch = xml.text().trim();
        case "version" -> {
          epoch = xml.attribute("epoch");
          ver = xml.requiredAttribute("ver");
          rel = xml.requiredAttribute("rel");
          xml.skip();
        }
        case "checksum" -> {
          String type = Checksums.type(xml.attribute("type"), xml);
          if (!type.equals("sha256")) {
            throw xml.fail("identifies package " + name + " by " + type + "; Baton verifies every download by"
                + " sha256: have the remote's metadata made with sha256 checksums (createrepo_c's default)");
          }
          sha256 = Checksums.hex(type, xml.text(), xml);
        }
        case "size" -> {
          size = xml.longAttribute("package", -1, MAX_PACKAGE_SIZE);
          installed = xml.longAttribute("installed", -1, Long.MAX_VALUE);
          xml.skip();
        }
        case "time" -> {
          build = xml.longAttribute("build", 0, Long.MAX_VALUE);
          xml.skip();
        }
        case "location" -> {
          href = Hrefs.checkRelative(xml.requiredAttribute("href"), "primary.xml package " + name);
          if (hasAttribute(xml, "base")) {
            throw xml.fail("gives package " + name + " an xml:base (a location on another server), which Baton"
                + " does not follow");
          }
          xml.skip();
        }
        case "format" -> sourceRpm = format(xml);
        default -> xml.skip();
      }
    }
    if (name == null || name.isEmpty() || arch == null || arch.isEmpty() || ver == null || sha256 == null
        || href == null) {
      throw xml.fail("has package #" + (index + 1) + (name == null ? "" : " (" + name + ")")
          + " without its " + (name == null || name.isEmpty() ? "name" : arch == null || arch.isEmpty() ? "arch"
          : ver == null ? "version" : sha256 == null ? "checksum" : "location"));
    }
    if (size < 0) {
      throw xml.fail("has package " + name + " without its size package=\"...\"");
    }
    int e = 0;
    if (epoch != null && !epoch.isEmpty()) {
      try {
        e = Integer.parseInt(epoch);
      } catch (NumberFormatException ex) {
        throw xml.fail("has package " + name + " with epoch \"" + SafeXml.shorten(epoch) + "\", not a number");
      }
    }
    Nevra nevra;
    try {
      nevra = new Nevra(name, e, ver, rel, arch);
    } catch (IllegalArgumentException ex) {
      throw xml.fail("has package " + SafeXml.shorten(name) + " with an unusable NEVRA: " + ex.getMessage());
    }
    return new PrimaryPackage(nevra, sha256, size, href, installed, build, sourceRpm);
  }

  private static boolean hasAttribute(SafeXml xml, String localName) {
    for (int i = 0; i < xml.reader().getAttributeCount(); i++) {
      if (xml.reader().getAttributeLocalName(i).equals(localName)) {
        return true;
      }
    }
    return false;
  }

  /** Reads {@code <format>}, keeping only the source rpm. */
  private static String format(SafeXml xml) {
    String sourceRpm = null;
    for (int event = xml.next(); event != XMLStreamConstants.END_ELEMENT; event = xml.next()) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside <format>: truncated");
      }
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (xml.reader().getLocalName().equals("sourcerpm")) {
          String text = xml.text().trim();
          sourceRpm = text.isEmpty() ? null : text;
        } else {
          xml.skip();
        }
      }
    }
    return sourceRpm;
  }
}
