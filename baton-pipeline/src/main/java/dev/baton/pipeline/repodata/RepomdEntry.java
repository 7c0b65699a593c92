package dev.baton.pipeline.repodata;

/**
 * One {@code <data type="...">} of repomd.xml: a metadata file of the repository. {@code checksum} and {@code size}
 * are of the file as stored (compressed), the {@code open} ones of its decompressed content (null and -1 when the
 * repository does not say). {@code href} is relative to the repository root and safe (checked by the reader).
 */
public record RepomdEntry(String type, String href, String checksumType, String checksum, String openChecksumType,
    String openChecksum, long size, long openSize, long timestamp) {

  /** The compression of the file, by its name. */
  public Compression compression() {
    return Compression.ofFileName(href);
  }
}
