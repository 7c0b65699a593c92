package dev.baton.pipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.rpm.RpmHeader;
import dev.baton.pipeline.rpm.RpmTag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signature header layout rpm expects: region first, trailer last, reserved space sized to a target length. */
class SignatureHeaderBuilderTest {

    @Test
    void keepsTheTargetLengthWithReservedSpaceAndWritesTheRegionAsRpmDoes() {
        RpmHeader original = header(new int[][] {{RpmTag.SHA256HEADER, 6, 0, 1}, {999, 0, 0, 1}}, "abc\0");

        byte[] built = SignatureHeaderBuilder.from(original).binary(RpmTag.SIG_RSA, new byte[300]).build(1024);

        assertThat(built).hasSize(1024);
        int length = 16 + ByteBuffer.wrap(built).getInt(8) * 16 + ByteBuffer.wrap(built).getInt(12);
        byte[] unpadded = java.util.Arrays.copyOf(built, length);
        RpmHeader h = RpmHeader.parse(unpadded, "built header");
        assertThat(h.entries().getFirst().tag()).isEqualTo(RpmTag.HEADERSIGNATURES);
        assertThat(h.entries().stream().map(RpmHeader.Entry::tag))
                .containsExactly(RpmTag.HEADERSIGNATURES, RpmTag.SIG_RSA, RpmTag.SHA256HEADER, 999, RpmTag.RESERVED);
        assertThat(h.string(RpmTag.SHA256HEADER)).isEqualTo("abc");
        assertThat(h.entry(999).type()).isEqualTo(RpmHeader.Type.NULL);
        ByteBuffer trailer = ByteBuffer.wrap(h.bytes(RpmTag.HEADERSIGNATURES));
        assertThat(new int[] {trailer.getInt(), trailer.getInt(), trailer.getInt(), trailer.getInt()})
                .containsExactly(RpmTag.HEADERSIGNATURES, 7, -5 * 16, 16);
        assertThat(h.entry(RpmTag.HEADERSIGNATURES).offset()).isEqualTo(h.dataSize() - 16);
    }

    @Test
    void growsWhenTheSignatureDoesNotFit() {
        RpmHeader original = header(new int[][] {{RpmTag.SHA256HEADER, 6, 0, 1}}, "abc\0");
        byte[] built = SignatureHeaderBuilder.from(original).binary(RpmTag.SIG_RSA, new byte[500]).build(256);
        assertThat(built.length).isGreaterThan(256).matches(n -> n % 8 == 0);
    }

    private static RpmHeader header(int[][] entries, String data) {
        byte[] store = data.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + entries.length * 16 + store.length);
        b.put(new byte[] {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0});
        b.putInt(entries.length).putInt(store.length);
        for (int[] e : entries) {
            b.putInt(e[0]).putInt(e[1]).putInt(e[2]).putInt(e[3]);
        }
        b.put(store);
        return RpmHeader.parse(b.array(), "test header");
    }
}
