package dev.baton.pipeline.repodata;

/** Hostile metadata documents for the bad-input tests. */
final class Hostile {
  private Hostile() {
  }

  /** The "billion laughs" entity expansion, with {@code root} as the root element. */
  static String billionLaughs(String root) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n <!ENTITY lol \"lol\">\n");
    b.append(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for (int i = 2; i <= 9; i++) {
      b.append(" <!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
    }
    return b.append("]>\n<").append(root).append(">&lol9;</").append(root).append(">\n").toString();
  }

  /** An external entity that would read /etc/passwd into the document. */
  static String externalEntity(String root, String inner) {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n<"
        + root + ">" + inner.replace("XXE", "&xxe;") + "</" + root + ">\n";
  }
}
