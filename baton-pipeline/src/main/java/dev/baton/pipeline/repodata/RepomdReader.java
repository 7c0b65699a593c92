package dev.baton.pipeline.repodata;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;

/**
 * Reads a repomd.xml (the small index of a repository's metadata files) through {@link SafeXml}. Every entry must
 * have a safe relative location, a known checksum of the right length and sizes within {@link #MAX_FILE_SIZE}:
 * the sizes are what a download is stopped at, so an absurd one is refused here rather than trusted.
 */
public final class RepomdReader {
  /** The largest metadata file accepted, compressed or not (Fedora's largest filelists is well under 1 GiB). */
  public static final long MAX_FILE_SIZE = 8L << 30;

  private RepomdReader() {
  }

  /** Reads an uncompressed repomd.xml from {@code in} (not closed). */
  public static Repomd read(InputStream in) {
    SafeXml xml = SafeXml.open(in, "repomd.xml");
    try {
      String revision = null;
      List<RepomdEntry> entries = new ArrayList<>();
      boolean root = false;
      for (int event = xml.next(); event != XMLStreamConstants.END_DOCUMENT; event = xml.next()) {
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = xml.reader().getLocalName();
        if (!root) {
          if (!name.equals("repomd")) {
            throw xml.fail("starts with <" + name + ">, not <repomd>: this is not a repository's repomd.xml");
          }
          root = true;
        } else if (name.equals("revision")) {
          revision = xml.text().trim();
        } else if (name.equals("data")) {
          entries.add(data(xml));
        } else {
          xml.skip();
        }
      }
      if (!root) {
        throw xml.fail("is empty");
      }
      return new Repomd(revision, entries);
    } finally {
      xml.close();
    }
  }

  private static RepomdEntry data(SafeXml xml) {
    String type = xml.requiredAttribute("type");
    String href = null;
    String checksumType = null;
    String checksum = null;
    String openChecksumType = null;
    String openChecksum = null;
    long size = -1;
    long openSize = -1;
    long timestamp = 0;
    for (int event = xml.next(); event != XMLStreamConstants.END_ELEMENT; event = xml.next()) {
      if (event == XMLStreamConstants.END_DOCUMENT) {
        throw xml.fail("ends inside <data type=\"" + type + "\">: truncated");
      }
      if (event != XMLStreamConstants.START_ELEMENT) {
        continue;
      }
      switch (xml.reader().getLocalName()) {
        case "location" -> {
          href = Hrefs.checkRelative(xml.requiredAttribute("href"), "repomd.xml <data type=\"" + type + "\">");
          xml.skip();
        }
        case "checksum" -> {
          checksumType = Checksums.type(xml.attribute("type"), xml);
          checksum = Checksums.hex(checksumType, xml.text(), xml);
        }
        case "open-checksum" -> {
          openChecksumType = Checksums.type(xml.attribute("type"), xml);
          openChecksum = Checksums.hex(openChecksumType, xml.text(), xml);
        }
        case "size" -> size = number(xml, "size", MAX_FILE_SIZE);
        case "open-size" -> openSize = number(xml, "open-size", MAX_FILE_SIZE);
        case "timestamp" -> timestamp = number(xml, "timestamp", Long.MAX_VALUE);
        default -> xml.skip();
      }
    }
    if (href == null || checksum == null) {
      throw xml.fail("has a <data type=\"" + type + "\"> without its " + (href == null ? "location" : "checksum"));
    }
    return new RepomdEntry(type, href, checksumType, checksum, openChecksumType, openChecksum, size, openSize,
        timestamp);
  }

  private static long number(SafeXml xml, String element, long max) {
    String text = xml.text().trim();
    long value;
    try {
      value = Long.parseLong(text.contains(".") ? text.substring(0, text.indexOf('.')) : text);
    } catch (NumberFormatException e) {
      throw xml.fail("has <" + element + ">" + SafeXml.shorten(text) + "</" + element
          + ">, which is not a whole number (or is absurdly large)");
    }
    if (value < 0 || value > max) {
      throw xml.fail("declares <" + element + ">" + value + "</" + element + ">, outside 0.." + max
          + "; refused rather than downloaded");
    }
    return value;
  }
}
