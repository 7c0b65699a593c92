package dev.baton.pipeline.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads packages made by the real rpmbuild and compares every value with what {@code rpm -qp --queryformat} prints. */
class RpmFileTest {

    @TempDir
    static Path dir;
    static Path hello;
    static Path plain;

    @BeforeAll
    static void build() {
        hello = RpmBuilder.named("hello").epoch(2).version("1.1").release("3.el9")
                .summary("Says hello")
                .file("/usr/share/hello/greeting", "hello, world\n")
                .file("/etc/hello.conf", "loud=yes\n")
                .requires("bash >= 4.0").requires("coreutils")
                .provides("greeting(hello) = 1.1")
                .changelog("First build")
                .build(dir);
        plain = RpmBuilder.named("plain").build(dir);
    }

    static String query(Path rpm, String format) {
        return ProcessRunner.run(null, Map.of("LC_ALL", "C"),
                List.of("rpm", "-qp", "--nosignature", "--nodigest", "--queryformat", format, rpm.toString()));
    }

    @Test
    void readsTheValuesRpmPrints() throws IOException {
        RpmFile rpm = RpmFile.open(hello);
        RpmHeader h = rpm.header();

        assertThat(h.string(RpmTag.NAME)).isEqualTo(query(hello, "%{NAME}"));
        assertThat(h.string(RpmTag.VERSION)).isEqualTo(query(hello, "%{VERSION}"));
        assertThat(h.string(RpmTag.RELEASE)).isEqualTo(query(hello, "%{RELEASE}"));
        assertThat(h.string(RpmTag.ARCH)).isEqualTo(query(hello, "%{ARCH}"));
        assertThat(h.string(RpmTag.SUMMARY)).isEqualTo(query(hello, "%{SUMMARY}"));
        assertThat(h.string(RpmTag.DESCRIPTION)).isEqualTo(query(hello, "%{DESCRIPTION}"));
        assertThat(h.string(RpmTag.LICENSE)).isEqualTo(query(hello, "%{LICENSE}"));
        assertThat(h.string(RpmTag.URL)).isEqualTo(query(hello, "%{URL}"));
        assertThat(h.string(RpmTag.SOURCERPM)).isEqualTo(query(hello, "%{SOURCERPM}"));
        assertThat(h.string(RpmTag.BUILDHOST)).isEqualTo(query(hello, "%{BUILDHOST}"));
        assertThat(h.ints(RpmTag.EPOCH)).containsExactly(Integer.parseInt(query(hello, "%{EPOCH}")));
        assertThat(h.number(RpmTag.BUILDTIME, -1)).isEqualTo(Long.parseLong(query(hello, "%{BUILDTIME}")));
        assertThat(h.number(RpmTag.SIZE, -1)).isEqualTo(Long.parseLong(query(hello, "%{SIZE}")));
        assertThat(String.join("\n", h.strings(RpmTag.REQUIRENAME)) + "\n")
                .isEqualTo(query(hello, "[%{REQUIRENAME}\n]"));
        assertThat(String.join("\n", h.strings(RpmTag.REQUIREVERSION)) + "\n")
                .isEqualTo(query(hello, "[%{REQUIREVERSION}\n]"));
        assertThat(joined(h.ints(RpmTag.REQUIREFLAGS))).isEqualTo(query(hello, "[%{REQUIREFLAGS}\n]"));
        assertThat(String.join("\n", h.strings(RpmTag.PROVIDENAME)) + "\n")
                .isEqualTo(query(hello, "[%{PROVIDENAME}\n]"));
        assertThat(String.join("\n", h.strings(RpmTag.BASENAMES)) + "\n").isEqualTo(query(hello, "[%{BASENAMES}\n]"));
        assertThat(String.join("\n", h.strings(RpmTag.DIRNAMES)) + "\n").isEqualTo(query(hello, "[%{DIRNAMES}\n]"));
        assertThat(joined(h.ints(RpmTag.FILEMODES))).isEqualTo(query(hello, "[%{FILEMODES}\n]"));
        assertThat(joined(h.ints(RpmTag.FILESIZES))).isEqualTo(query(hello, "[%{FILESIZES}\n]"));
        assertThat(joined(h.ints(RpmTag.FILEMTIMES))).isEqualTo(query(hello, "[%{FILEMTIMES}\n]"));
        assertThat(String.join("\n", h.strings(RpmTag.CHANGELOGTEXT)) + "\n")
                .isEqualTo(query(hello, "[%{CHANGELOGTEXT}\n]"));
        assertThat(h.string(RpmTag.PAYLOADDIGEST)).isEqualTo(query(hello, "%{PAYLOADDIGEST}"));
        assertThat(rpm.signature().string(RpmTag.SHA256HEADER)).isEqualTo(query(hello, "%{SHA256HEADER}"));
        assertThat(rpm.signature().has(RpmTag.SIG_RSA)).isFalse();

        assertThat(rpm.nevra()).isEqualTo(Nevra.parse(query(hello, "%{NAME}-%{EPOCH}:%{VERSION}-%{RELEASE}.%{ARCH}")));
        assertThat(rpm.nevra().toString()).isEqualTo("hello-2:1.1-3.el9.noarch");
        assertThat(rpm.isSource()).isFalse();
    }

    @Test
    void offsetsFrameTheBytesTheDigestsCover() throws Exception {
        RpmFile rpm = RpmFile.open(hello);
        byte[] file = Files.readAllBytes(hello);

        assertThat(rpm.signatureStart()).isEqualTo(96);
        assertThat(rpm.headerStart() % 8).isZero();
        assertThat(rpm.size()).isEqualTo(file.length);
        byte[] header = Arrays.copyOfRange(file, (int) rpm.headerStart(), (int) rpm.headerEnd());
        assertThat(header).isEqualTo(rpm.header().bytes());
        assertThat(sha256(header)).isEqualTo(rpm.signature().string(RpmTag.SHA256HEADER));
        byte[] payload = Arrays.copyOfRange(file, (int) rpm.payloadStart(), file.length);
        assertThat(sha256(payload)).isEqualTo(rpm.header().string(RpmTag.PAYLOADDIGEST));
        assertThat(Arrays.copyOfRange(file, (int) rpm.signatureStart(), (int) rpm.signatureEnd()))
                .isEqualTo(rpm.signature().bytes());
        assertThat(rpm.lead()).isEqualTo(Arrays.copyOf(file, 96));
    }

    @Test
    void aPackageWithoutEpochHasEpochZero() throws IOException {
        RpmFile rpm = RpmFile.open(plain);
        assertThat(rpm.header().has(RpmTag.EPOCH)).isFalse();
        assertThat(rpm.header().ints(RpmTag.EPOCH)).isEmpty();
        assertThat(rpm.header().string(RpmTag.VENDOR)).isNull();
        assertThat(rpm.header().strings(RpmTag.CONFLICTNAME)).isEmpty();
        assertThat(rpm.nevra()).isEqualTo(new Nevra("plain", null, "1.0", "1", "noarch"));
        assertThat(rpm.nevra().epoch()).isZero();
        assertThat(rpm.nevra().toString()).isEqualTo("plain-1.0-1.noarch");
    }

    @Test
    void aTypeMismatchIsAFormatErrorNamingTheTag() throws IOException {
        RpmHeader h = RpmFile.open(hello).header();
        assertThatThrownBy(() -> h.ints(RpmTag.NAME)).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("NAME").hasMessageContaining("STRING");
        assertThatThrownBy(() -> h.string(RpmTag.FILEMODES)).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("FILEMODES");
    }

    @Test
    void everyTruncationIsAClearFormatError() throws IOException {
        byte[] file = Files.readAllBytes(plain);
        RpmFile rpm = RpmFile.open(plain);
        for (int length = 0; length < rpm.headerEnd(); length += 7) {
            Path cut = dir.resolve("cut.rpm");
            Files.write(cut, Arrays.copyOf(file, length));
            assertThatThrownBy(() -> RpmFile.open(cut)).as("cut at %d", length)
                    .isInstanceOf(RpmFormatException.class)
                    .hasMessageMatching("cut\\.rpm( is not an RPM package| is truncated|: the file is truncated).*");
        }
    }

    @Test
    void garbageIsNotAPackage() throws IOException {
        Path garbage = dir.resolve("garbage.rpm");
        byte[] bytes = new byte[4096];
        new Random(15).nextBytes(bytes);
        Files.write(garbage, bytes);
        assertThatThrownBy(() -> RpmFile.open(garbage)).isInstanceOf(RpmFormatException.class)
                .hasMessage("garbage.rpm is not an RPM package: it does not start with the RPM lead magic edabeedb");
        Path text = dir.resolve("index.html");
        Files.writeString(text, "<html>not found</html>");
        assertThatThrownBy(() -> RpmFile.open(text)).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("not an RPM package");
    }

    @Test
    void badHeaderMagicIsNamed() throws IOException {
        byte[] file = Files.readAllBytes(plain);
        RpmFile rpm = RpmFile.open(plain);
        file[(int) rpm.headerStart()] = 0x00;
        Path bad = write("bad-magic.rpm", file);
        assertThatThrownBy(() -> RpmFile.open(bad)).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("main header at byte " + rpm.headerStart())
                .hasMessageContaining("header magic 8eade801");
    }

    @Test
    void absurdCountsAndSizesAreRefusedBeforeAnythingIsAllocated() throws IOException {
        byte[] file = Files.readAllBytes(plain);
        RpmFile rpm = RpmFile.open(plain);
        int main = (int) rpm.headerStart();

        byte[] entries = file.clone();
        ByteBuffer.wrap(entries).putInt(main + 8, 0x7fffffff);
        assertThatThrownBy(() -> RpmFile.open(write("entries.rpm", entries))).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("declares 2147483647 entries");

        byte[] data = file.clone();
        ByteBuffer.wrap(data).putInt(96 + 12, 0xfffffff0);
        assertThatThrownBy(() -> RpmFile.open(write("data.rpm", data))).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("signature header").hasMessageContaining("4294967280 bytes of data");

        byte[] longer = file.clone();
        ByteBuffer.wrap(longer).putInt(main + 12, 0x0fffff00);
        assertThatThrownBy(() -> RpmFile.open(write("longer.rpm", longer))).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("truncated");

        byte[] offset = file.clone();
        ByteBuffer.wrap(offset).putInt(main + 16 + 16 + 8, 0x10000000);
        assertThatThrownBy(() -> RpmFile.open(write("offset.rpm", offset))).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("points outside its data");

        byte[] count = file.clone();
        ByteBuffer.wrap(count).putInt(main + 16 + 16 + 12, 0x7fffffff);
        assertThatThrownBy(() -> RpmFile.open(write("count.rpm", count))).isInstanceOf(RpmFormatException.class)
                .hasMessageContaining("main header");
    }

    @Test
    void randomDamageToTheHeadersGivesAFormatErrorOrAReadableFileNeverACrash() throws IOException {
        byte[] file = Files.readAllBytes(plain);
        RpmFile rpm = RpmFile.open(plain);
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            byte[] damaged = file.clone();
            for (int i = 0; i < 4; i++) {
                damaged[96 + random.nextInt((int) rpm.headerEnd() - 96)] = (byte) random.nextInt(256);
            }
            Path path = write("damaged.rpm", damaged);
            try {
                RpmFile read = RpmFile.open(path);
                for (RpmHeader.Entry e : read.header().entries()) {
                    readAnyway(read.header(), e);
                }
            } catch (RpmFormatException expected) {
                assertThat(expected.getMessage()).startsWith("damaged.rpm");
            }
        }
    }

    private static void readAnyway(RpmHeader header, RpmHeader.Entry e) {
        try {
            switch (e.type()) {
                case STRING, STRING_ARRAY, I18NSTRING -> header.strings(e.tag());
                case INT64 -> header.longs(e.tag());
                case CHAR, INT8, INT16, INT32 -> header.ints(e.tag());
                default -> header.bytes(e.tag());
            }
        } catch (RpmFormatException fine) {
            // a damaged type number may make a tag unreadable, but it says so
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String joined(int[] values) {
        StringBuilder s = new StringBuilder();
        for (int v : values) {
            s.append(v).append('\n');
        }
        return s.toString();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
