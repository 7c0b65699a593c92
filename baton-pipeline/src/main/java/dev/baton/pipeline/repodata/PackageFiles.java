package dev.baton.pipeline.repodata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.AbstractCollection;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The packages of a repository directory as {@link PackageMetadata}, read lazily and in parallel for
 * {@link RepodataWriter}: reading a header and hashing the whole file is most of the work of publishing, so
 * {@code threads} files are read at once, a bounded window ahead of the writer (memory stays that of a few packages
 * whatever the count), and handed over in the order of {@code hrefs}. Each iteration reads the files anew.
 *
 * <p>A file that cannot be read ends the iteration with its error ({@link UncheckedIOException} around an I/O
 * failure, {@code RpmFormatException} for a file that is not a package), naming the file; the reading threads stop
 * by themselves shortly after an iteration is abandoned.
 */
public final class PackageFiles extends AbstractCollection<PackageMetadata> {
  private final Path repoDir;
  private final List<String> hrefs;
  private final int threads;

  /** The packages at {@code hrefs} (relative to {@code repoDir}), read by {@code threads} threads. */
  public PackageFiles(Path repoDir, List<String> hrefs, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.repoDir = repoDir;
    this.hrefs = List.copyOf(hrefs);
    this.threads = threads;
  }

  @Override public int size() {
    return hrefs.size();
  }

  @Override public Iterator<PackageMetadata> iterator() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "baton-repodata-read");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    int window = threads * 4;
    return new Iterator<>() {
      final ArrayDeque<Future<PackageMetadata>> ahead = new ArrayDeque<>();
      int submitted;

      private void fill() {
        while (ahead.size() < window && submitted < hrefs.size()) {
          String href = hrefs.get(submitted++);
          ahead.add(pool.submit(() -> PackageMetadata.read(repoDir.resolve(Hrefs.checkRelative(href, "package")),
              href)));
        }
        if (ahead.isEmpty()) {
          pool.shutdown();
        }
      }

      @Override public boolean hasNext() {
        fill();
        return !ahead.isEmpty();
      }

      @Override public PackageMetadata next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          return ahead.removeFirst().get();
        } catch (InterruptedException e) {
          pool.shutdownNow();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading packages", e);
        } catch (ExecutionException e) {
          pool.shutdownNow();
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw new UncheckedIOException(io.getMessage(), io);
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
      }
    };
  }
}
