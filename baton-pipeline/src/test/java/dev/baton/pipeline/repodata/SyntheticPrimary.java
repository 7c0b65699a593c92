package dev.baton.pipeline.repodata;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.io.ByteArrayInputStream;

/**
 * A primary.xml of {@code count} packages generated as it is read (never whole in memory), and a main that reads one
 * in a JVM with a small heap: the proof that {@link PrimaryReader} streams.
 */
final class SyntheticPrimary {
  private SyntheticPrimary() {
  }

  static InputStream of(int count) {
    Enumeration<InputStream> parts = new Enumeration<>() {
      int i = -1;

      @Override public boolean hasMoreElements() {
        return i <= count;
      }

      @Override public InputStream nextElement() {
        String s;
        if (i == -1) {
          s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata xmlns=\"http://linux.duke.edu/metadata/common\""
              + " xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\"" + count + "\">\n";
        } else if (i == count) {
          s = "</metadata>\n";
        } else {
          s = pkg(i);
        }
        i++;
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
      }
    };
    return new SequenceInputStream(parts);
  }

  static String pkg(int i) {
    String name = "pkg" + i;
    return "<package type=\"rpm\"><name>" + name + "</name><arch>x86_64</arch><version epoch=\"0\" ver=\"1." + i
        + "\" rel=\"1.el9\"/><checksum type=\"sha256\" pkgid=\"YES\">" + String.format("%064x", i) + "</checksum>"
        + "<summary>Package number " + i + "</summary><description>" + "A long description. ".repeat(40)
        + "</description><packager/><url>https://example.org/</url><time file=\"1700000000\" build=\"1700000000\"/>"
        + "<size package=\"" + (10000 + i) + "\" installed=\"20000\" archive=\"20500\"/><location href=\"Packages/p/"
        + name + "-1." + i + "-1.el9.x86_64.rpm\"/><format><rpm:license>MIT</rpm:license><rpm:sourcerpm>" + name
        + "-1." + i + "-1.el9.src.rpm</rpm:sourcerpm><rpm:provides>"
        + "<rpm:entry name=\"" + name + "\" flags=\"EQ\" epoch=\"0\" ver=\"1." + i + "\" rel=\"1.el9\"/>"
        + "<rpm:entry name=\"lib" + name + ".so.1()(64bit)\"/></rpm:provides><rpm:requires>"
        + "<rpm:entry name=\"libc.so.6()(64bit)\"/><rpm:entry name=\"bash\" flags=\"GE\" epoch=\"0\" ver=\"4\"/>"
        + "</rpm:requires><file>/usr/bin/" + name + "</file></format></package>\n";
  }

  /** Reads {@code args[0]} packages and prints how many were read. */
  public static void main(String[] args) {
    int count = Integer.parseInt(args[0]);
    long[] seen = {0, 0};
    long n = PrimaryReader.read(of(count), p -> {
      seen[0]++;
      seen[1] += p.packageSize();
    });
    System.out.println("read " + n + " " + seen[0] + " " + seen[1]);
  }
}
