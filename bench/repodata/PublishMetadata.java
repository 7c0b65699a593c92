import dev.baton.pipeline.repodata.Compression;
import dev.baton.pipeline.repodata.PackageFiles;
import dev.baton.pipeline.repodata.RepodataWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes metadata for every .rpm under REPO into OUT-N/repodata with Baton's writer, as a publish does, PUBLISHES
 * times in one JVM: {@code java -cp CLASSPATH PublishMetadata REPO OUT THREADS PUBLISHES}. The first publish is what a
 * fresh process costs (JIT compilers still at work); the later ones are what a publish costs in the running server.
 * Prints one line per publish: "publish N: S s".
 */
public class PublishMetadata {
  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args[0]);
    int threads = Integer.parseInt(args[2]);
    int publishes = Integer.parseInt(args[3]);
    for (int n = 1; n <= publishes; n++) {
      long start = System.nanoTime();
      List<String> hrefs;
      try (Stream<Path> files = Files.walk(repo)) {
        hrefs = files.filter(f -> f.toString().endsWith(".rpm")).map(f -> repo.relativize(f).toString()).sorted()
            .toList();
      }
      new RepodataWriter().write(Path.of(args[1] + "-" + n), new PackageFiles(repo, hrefs, threads), List.of(),
          Compression.GZ);
      System.out.printf("publish %d: %.3f s (%d packages)%n", n, (System.nanoTime() - start) / 1e9, hrefs.size());
    }
  }
}
