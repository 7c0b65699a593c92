package dev.baton.pipeline.repodata;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes text and attribute values into XML being generated: escapes the markup characters and drops characters XML
 * 1.0 cannot carry at all (control characters other than tab, newline and carriage return, unpaired surrogates),
 * which RPM headers written by careless tools do contain and which would make the whole file unreadable to dnf.
 */
final class XmlText {
  private XmlText() {
  }

  static void text(Writer w, String s) throws IOException {
    escape(w, s, false);
  }

  static void attr(Writer w, String s) throws IOException {
    escape(w, s, true);
  }

  private static void escape(Writer w, String s, boolean attribute) throws IOException {
    if (s == null) {
      return;
    }
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      String replacement;
      if (c == '<') {
        replacement = "&lt;";
      } else if (c == '>') {
        replacement = "&gt;";
      } else if (c == '&') {
        replacement = "&amp;";
      } else if (c == '"' && attribute) {
        replacement = "&quot;";
      } else if (attribute && (c == '\n' || c == '\r' || c == '\t')) {
        replacement = c == '\n' ? "&#10;" : c == '\r' ? "&#13;" : "&#9;";
      } else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
        replacement = "";
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        replacement = "";
      } else if (Character.isLowSurrogate(c)) {
        replacement = "";
      } else {
        continue;
      }
      w.write(s, start, i - start);
      w.write(replacement);
      start = i + 1;
    }
    w.write(s, start, n - start);
  }
}
