package dev.baton.pipeline.repodata;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Bounds the run of bytes between two markup characters ({@code <} or {@code >}), so that no single text node or tag
 * can be larger than the limit: the JDK's parser holds a whole text node in memory before it reports it, and this is
 * what keeps a hostile file from taking the heap with one huge description (streaming readers stay in constant memory
 * whatever the file's total size).
 */
final class MarkupGuard extends FilterInputStream {
  private final long limit;
  private final String what;
  private long run;

  MarkupGuard(InputStream in, long limit, String what) {
    super(in);
    this.limit = limit;
    this.what = what;
  }

  @Override public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count((byte) b);
    }
    return b;
  }

  @Override public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    for (int i = off; i < off + n; i++) {
      count(buf[i]);
    }
    return n;
  }

  private void count(byte b) {
    if (b == '<' || b == '>') {
      run = 0;
    } else if (++run > limit) {
      throw new RepodataFormatException(what + " has a text or tag longer than " + limit
          + " bytes; no repository metadata has one, so it is refused");
    }
  }
}
