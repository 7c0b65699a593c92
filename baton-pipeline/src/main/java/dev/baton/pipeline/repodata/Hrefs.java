package dev.baton.pipeline.repodata;

/**
 * Checks a {@code location href} from someone else's metadata before it becomes a path on this machine or a URL
 * Baton fetches: it must be relative and stay inside the repository. Refused: absolute paths, {@code ..} segments
 * (also percent-encoded or with backslashes), any scheme or host ({@code http:}, {@code file:}, {@code //host}),
 * control characters and empty segments.
 */
public final class Hrefs {
  private Hrefs() {
  }

  /** {@code href} when safe; otherwise a RepodataFormatException naming it and what is wrong. */
  static String checkRelative(String href, String where) {
    String problem = problem(href);
    if (problem != null) {
      throw new RepodataFormatException(where + ": location href=\"" + SafeXml.shorten(href) + "\" " + problem
          + "; a repository's files must lie inside it (relative paths without ..)");
    }
    return href;
  }

  /** What is wrong with {@code href} ("is empty", "has a .. segment", ...), or null when it is safe. */
  public static String problem(String href) {
    if (href == null || href.isEmpty()) {
      return "is empty";
    }
    if (href.length() > 4096) {
      return "is longer than 4096 characters";
    }
    for (int i = 0; i < href.length(); i++) {
      char c = href.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character";
      }
      if (c == '\\') {
        return "contains a backslash";
      }
      if (c == '%') {
        return "contains percent-encoding";
      }
      if (c == '?' || c == '#') {
        return "contains a query or fragment";
      }
    }
    if (href.startsWith("/")) {
      return "is an absolute path";
    }
    int colon = href.indexOf(':');
    int slash = href.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) {
      return "has a scheme";
    }
    for (String segment : href.split("/", -1)) {
      if (segment.equals("..")) {
        return "leaves the repository (..)";
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return "has an empty or '.' path segment";
      }
    }
    return null;
  }
}
