package dev.baton.pipeline.repodata;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * How a metadata file is compressed, told by its file name's suffix as createrepo_c names them. Every kind is
 * decompressed as a stream (never a whole file in memory); GZ is what Baton writes by default, because every dnf and
 * yum reads it (createrepo_c 1.0 made zstd its default and broke EL7 clients). zchunk ({@code .zck}) is not read:
 * repositories that offer it offer a plain variant too.
 */
public enum Compression {
  NONE(""),
  GZ(".gz"),
  XZ(".xz"),
  BZ2(".bz2"),
  ZSTD(".zst");

  private final String suffix;

  Compression(String suffix) {
    this.suffix = suffix;
  }

  /** The file name suffix, with its dot ({@code ".gz"}); empty for {@link #NONE}. */
  public String suffix() {
    return suffix;
  }

  /** The compression of a file named {@code name} (a path or href), by suffix; no known suffix is {@link #NONE}. */
  public static Compression ofFileName(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".zck")) {
      throw new RepodataFormatException(name + " is zchunk-compressed, which Baton does not read: point the remote"
          + " at a repository that also offers gz, xz, bz2 or zst metadata (createrepo_c does by default)");
    }
    for (Compression c : values()) {
      if (c != NONE && lower.endsWith(c.suffix)) {
        return c;
      }
    }
    return NONE;
  }

  /** A stream of the decompressed bytes of {@code in}; closing it closes {@code in}. */
  public InputStream decompress(InputStream in) throws IOException {
    InputStream buffered = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 65536);
    try {
      return switch (this) {
        case NONE -> buffered;
        case GZ -> new GZIPInputStream(buffered, 65536);
        case XZ -> new XZInputStream(buffered);
        case BZ2 -> new BZip2CompressorInputStream(buffered, true);
        case ZSTD -> new ZstdInputStream(buffered);
      };
    } catch (IOException e) {
      // A header that is not this format: name the format, not the library's wording alone.
      throw new RepodataFormatException("not " + name().toLowerCase(java.util.Locale.ROOT)
          + "-compressed data (" + e.getMessage() + ")", e);
    }
  }

  /** A stream that compresses into {@code out}; closing it finishes the format and closes {@code out}. */
  public OutputStream compress(OutputStream out) throws IOException {
    return switch (this) {
      case NONE -> out;
      case GZ -> new GZIPOutputStream(out, 65536);
      case XZ -> new XZOutputStream(out, new LZMA2Options(LZMA2Options.PRESET_DEFAULT));
      case BZ2 -> new BZip2CompressorOutputStream(out);
      case ZSTD -> new ZstdOutputStream(out, 10);
    };
  }
}
