package dev.baton.pipeline.repodata;

/**
 * Repository metadata that cannot be used: malformed or truncated XML, an entity expansion or external entity, an
 * unsafe {@code location href}, an absurd size or checksum, an unknown compression. The message names what is wrong
 * and where, in words for the operator of the remote; nothing read from such a file is kept.
 */
public final class RepodataFormatException extends RuntimeException {
  public RepodataFormatException(String message) {
    super(message);
  }

  public RepodataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
