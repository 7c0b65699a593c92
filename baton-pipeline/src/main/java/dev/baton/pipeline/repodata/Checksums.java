package dev.baton.pipeline.repodata;

import java.util.Locale;

/** Checksum types of repository metadata and the shape of their hex values. */
final class Checksums {
  private Checksums() {
  }

  /** The normalised type ("sha" is createrepo's old name of sha1), or a failure naming the unknown one. */
  static String type(String type, SafeXml xml) {
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    return switch (t) {
      case "sha", "sha1" -> "sha1";
      case "sha224", "sha256", "sha384", "sha512", "md5" -> t;
      default -> throw xml.fail("has checksum type \"" + SafeXml.shorten(t) + "\", which is not one of sha1, sha224,"
          + " sha256, sha384, sha512, md5");
    };
  }

  /** {@code hex} lower-cased when it has the length of {@code type}'s digests and only hex digits. */
  static String hex(String type, String hex, SafeXml xml) {
    int length = switch (type) {
      case "md5" -> 32;
      case "sha1" -> 40;
      case "sha224" -> 56;
      case "sha256" -> 64;
      case "sha384" -> 96;
      default -> 128;
    };
    String h = hex.trim().toLowerCase(Locale.ROOT);
    if (h.length() != length || !h.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
      throw xml.fail("has a " + type + " checksum \"" + SafeXml.shorten(h) + "\" that is not " + length
          + " hex digits");
    }
    return h;
  }
}
