package dev.baton.pipeline.repodata;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One metadata file being written: text goes through a UTF-8 writer, is counted and hashed (open-size,
 * open-checksum), compressed, then counted and hashed again (size, checksum) on its way to disk, in one pass.
 * {@link #finish} flushes, fsyncs and names the file {@code <sha256>-<type>.xml<suffix>} as createrepo_c does, so a
 * client's cache never confuses two versions of it.
 */
final class MetadataFile {
  private final String type;
  private final Path dir;
  private final Path temp;
  private final Compression compression;
  private final FileChannel channel;
  private final Counting stored;
  private final Counting open;
  private final Writer writer;

  MetadataFile(Path dir, String type, Compression compression) throws IOException {
    this.type = type;
    this.dir = dir;
    this.compression = compression;
    this.temp = dir.resolve(type + ".xml" + compression.suffix() + ".part");
    this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.stored = new Counting(java.nio.channels.Channels.newOutputStream(channel));
    this.open = new Counting(compression.compress(stored));
    this.writer = new BufferedWriter(new OutputStreamWriter(open, StandardCharsets.UTF_8), 1 << 16);
  }

  Writer writer() {
    return writer;
  }

  /** Closes the file, syncs it to disk and renames it to its checksum name; the entry for repomd.xml. */
  RepomdEntry finish(long timestamp) throws IOException {
    writer.close(); // finishes the compression and closes the channel's stream
    String checksum = stored.hex();
    String name = checksum + "-" + type + ".xml" + compression.suffix();
    try (FileChannel sync = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      sync.force(true);
    }
    Files.move(temp, dir.resolve(name));
    return new RepomdEntry(type, "repodata/" + name, "sha256", checksum, "sha256", open.hex(), stored.count,
        open.count, timestamp);
  }

  /** Closes without keeping anything (after a failure). */
  void abandon() {
    try {
      channel.close();
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // the whole temporary directory is removed by the caller anyway
    }
  }

  /** Counts and hashes what passes through. */
  private static final class Counting extends FilterOutputStream {
    private final MessageDigest digest;
    private long count;

    Counting(OutputStream out) {
      super(out);
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK always has SHA-256", e);
      }
    }

    @Override public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      count++;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      count += len;
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
