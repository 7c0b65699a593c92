package dev.baton.pipeline.repodata;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads repository metadata from strangers safely. Metadata never needs a DTD, so a document with one is refused
 * before any entity is declared (billion laughs, external entities such as {@code file:///etc/passwd}: nothing is
 * expanded, nothing fetched); the JDK's own parser is used whatever else is on the class path; text and attribute
 * values are bounded, so one huge element cannot take the heap (before the parser buffers it, see
 * {@link MarkupGuard}); element nesting is bounded too.
 *
 * <p>A reader obtained here is pulled through {@link #next}, which does these checks and turns parser and stream
 * failures (truncated, garbage, bad compression) into {@link RepodataFormatException}s naming the file and line.
 */
public final class SafeXml {
  /** The longest text or attribute value accepted (a package description or changelog entry is far shorter). */
  public static final int MAX_TEXT = 1 << 20;
  private static final int MAX_DEPTH = 32;

  private static final XMLInputFactory FACTORY = factory();

  private final XMLStreamReader reader;
  private final String what;
  private int depth;

  private SafeXml(XMLStreamReader reader, String what) {
    this.reader = reader;
    this.what = what;
  }

  /** The factory: no DTDs, no external entities, no entity replacement, not coalescing. */
  public static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external entity " + systemId + " refused");
    });
    return f;
  }

  /** Opens {@code in} (already decompressed); {@code what} names the file in messages, e.g. "primary.xml". */
  public static SafeXml open(InputStream in, String what) {
    try {
      return new SafeXml(FACTORY.createXMLStreamReader(new MarkupGuard(in, 4L * MAX_TEXT, what)), what);
    } catch (XMLStreamException e) {
      throw new RepodataFormatException(what + " is not XML: " + e.getMessage(), e);
    }
  }

  /** The reader positioned by the last {@link #next}; for the current event's name and attributes. */
  public XMLStreamReader reader() {
    return reader;
  }

  /**
   * The next event (as {@link XMLStreamConstants}), refusing DTDs and entity references; end of document is
   * {@link XMLStreamConstants#END_DOCUMENT}.
   */
  public int next() {
    try {
      if (!reader.hasNext()) {
        return XMLStreamConstants.END_DOCUMENT;
      }
      int event = reader.next();
      switch (event) {
        case XMLStreamConstants.DTD -> throw fail("has a DOCTYPE declaration; repository metadata never needs one, and"
            + " entity declarations are how entity expansion (\"billion laughs\") and external entity attacks work");
        case XMLStreamConstants.ENTITY_REFERENCE -> throw fail("refers to the entity &" + reader.getLocalName()
            + "; which repository metadata never uses");
        case XMLStreamConstants.START_ELEMENT -> {
          if (++depth > MAX_DEPTH) {
            throw fail("nests elements deeper than " + MAX_DEPTH + " levels");
          }
          for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (reader.getAttributeValue(i).length() > MAX_TEXT) {
              throw fail("has an attribute longer than " + MAX_TEXT + " characters");
            }
          }
        }
        case XMLStreamConstants.END_ELEMENT -> depth--;
        default -> { }
      }
      return event;
    } catch (XMLStreamException e) {
      throw new RepodataFormatException(what + " is not well-formed XML or is truncated"
          + location(e) + ": " + message(e), e);
    }
  }

  /**
   * The text content of the element the reader is at (START_ELEMENT), up to its end; nested elements are refused.
   * At most {@link #MAX_TEXT} characters.
   */
  public String text() {
    String element = reader.getLocalName();
    StringBuilder b = new StringBuilder();
    while (true) {
      int event = next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (b.length() + reader.getTextLength() > MAX_TEXT) {
            throw fail("has a <" + element + "> longer than " + MAX_TEXT + " characters");
          }
          b.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        }
        case XMLStreamConstants.END_ELEMENT -> {
          return b.toString();
        }
        case XMLStreamConstants.START_ELEMENT -> throw fail("has an element <" + reader.getLocalName()
            + "> inside <" + element + ">, where only text is expected");
        case XMLStreamConstants.END_DOCUMENT -> throw fail("ends inside <" + element + ">: truncated");
        default -> { }
      }
    }
  }

  /** Skips the element the reader is at (START_ELEMENT) with everything inside it. */
  public void skip() {
    int level = 1;
    while (level > 0) {
      switch (next()) {
        case XMLStreamConstants.START_ELEMENT -> level++;
        case XMLStreamConstants.END_ELEMENT -> level--;
        case XMLStreamConstants.END_DOCUMENT -> throw fail("ends inside an element: truncated");
        default -> { }
      }
    }
  }

  /** The attribute {@code name} (no namespace) of the current element, or null. */
  public String attribute(String name) {
    return reader.getAttributeValue(null, name);
  }

  /** The attribute {@code name}, which must be present. */
  public String requiredAttribute(String name) {
    String value = attribute(name);
    if (value == null) {
      throw fail("has a <" + reader.getLocalName() + "> without its " + name + " attribute");
    }
    return value;
  }

  /** A non-negative decimal attribute; {@code fallback} when absent. Absurd values are refused. */
  public long longAttribute(String name, long fallback, long max) {
    String value = attribute(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw fail("has " + name + "=\"" + shorten(value) + "\" on <" + reader.getLocalName()
          + ">, which is not a whole number (or is absurdly large)");
    }
    if (parsed < 0 || parsed > max) {
      throw fail("has " + name + "=\"" + parsed + "\" on <" + reader.getLocalName() + ">, outside 0.." + max);
    }
    return parsed;
  }

  /** A failure naming the file and the current line. */
  public RepodataFormatException fail(String problem) {
    int line = reader.getLocation() == null ? -1 : reader.getLocation().getLineNumber();
    return new RepodataFormatException(what + (line > 0 ? " (line " + line + ")" : "") + " " + problem);
  }

  /** Closes the reader (not the underlying stream: its owner closes that). */
  public void close() {
    try {
      reader.close();
    } catch (XMLStreamException e) {
      // nothing held beyond the stream, which the caller closes
    }
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  private static String location(XMLStreamException e) {
    return e.getLocation() != null && e.getLocation().getLineNumber() > 0
        ? " (line " + e.getLocation().getLineNumber() + ")" : "";
  }

  private static String message(XMLStreamException e) {
    Throwable cause = e.getNestedException() != null ? e.getNestedException() : e.getCause();
    if (cause instanceof IOException io) {
      return io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    int idx = m.indexOf("Message: ");
    return idx >= 0 ? m.substring(idx + 9) : m;
  }
}
