package dev.baton.pipeline.signing;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmHeader;
import dev.baton.pipeline.rpm.RpmTag;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a signature header as rpm does: the region entry ({@code HEADERSIGNATURES}) first, the other entries by
 * tag, values in the same order with their alignment, the region trailer last. The {@code RESERVED} tag's zero bytes
 * are sized so the header (with its padding) keeps a given length, which keeps the file's size and the main header's
 * offset unchanged when a signature is added or replaced.
 */
final class SignatureHeaderBuilder {

    private record Value(RpmHeader.Type type, int count, byte[] data) {
    }

    private final Map<Integer, Value> values = new TreeMap<>();

    /** Starts from an existing signature header's entries, without its region. */
    static SignatureHeaderBuilder from(RpmHeader signature) {
        SignatureHeaderBuilder builder = new SignatureHeaderBuilder();
        for (RpmHeader.Entry e : signature.entries()) {
            if (e.tag() == RpmTag.HEADERSIGNATURES) {
                continue;
            }
            byte[] data = switch (e.type()) {
                case STRING, STRING_ARRAY, I18NSTRING -> stringData(signature, e.tag());
                default -> signature.bytes(e.tag());
            };
            builder.values.put(e.tag(), new Value(e.type(), e.count(), data));
        }
        return builder;
    }

    private static byte[] stringData(RpmHeader header, int tag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : header.strings(tag)) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    SignatureHeaderBuilder remove(int tag) {
        values.remove(tag);
        return this;
    }

    SignatureHeaderBuilder string(int tag, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, data, 0, bytes.length);
        values.put(tag, new Value(RpmHeader.Type.STRING, 1, data));
        return this;
    }

    SignatureHeaderBuilder binary(int tag, byte[] value) {
        values.put(tag, new Value(RpmHeader.Type.BIN, value.length, value.clone()));
        return this;
    }

    /**
     * The header's bytes, padded to a multiple of 8; with {@code RESERVED} sized so that the padded length equals
     * {@code targetLength} when there is room, else as small as it can be (the file then grows).
     */
    byte[] build(int targetLength) {
        values.remove(RpmTag.RESERVED);
        int without = RpmFile.padding(encode().length) + encode().length;
        // The reserved entry adds 16 index bytes; its value (no alignment) is the rest of the target.
        int reserved = targetLength - without - RpmHeader.ENTRY_SIZE;
        if (reserved >= 1) {
            values.put(RpmTag.RESERVED, new Value(RpmHeader.Type.BIN, reserved, new byte[reserved]));
            for (int attempt = 0; attempt < 16; attempt++) {
                byte[] encoded = encode();
                int padded = encoded.length + RpmFile.padding(encoded.length);
                if (padded == targetLength) {
                    return pad(encoded);
                }
                reserved -= padded - targetLength;
                if (reserved < 1) {
                    break;
                }
                values.put(RpmTag.RESERVED, new Value(RpmHeader.Type.BIN, reserved, new byte[reserved]));
            }
        }
        values.remove(RpmTag.RESERVED);
        return pad(encode());
    }

    private static byte[] pad(byte[] encoded) {
        byte[] padded = new byte[encoded.length + RpmFile.padding(encoded.length)];
        System.arraycopy(encoded, 0, padded, 0, encoded.length);
        return padded;
    }

    private byte[] encode() {
        int count = values.size() + 1;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer index = ByteBuffer.allocate(count * RpmHeader.ENTRY_SIZE);
        index.position(RpmHeader.ENTRY_SIZE); // the region entry, written last when its offset is known
        for (Map.Entry<Integer, Value> entry : values.entrySet()) {
            Value v = entry.getValue();
            int align = Math.max(1, v.type().width());
            while (data.size() % align != 0) {
                data.write(0);
            }
            index.putInt(entry.getKey()).putInt(v.type().ordinal()).putInt(data.size()).putInt(v.count());
            data.writeBytes(v.data());
        }
        int trailerOffset = data.size();
        ByteBuffer trailer = ByteBuffer.allocate(RpmHeader.ENTRY_SIZE);
        trailer.putInt(RpmTag.HEADERSIGNATURES).putInt(RpmHeader.Type.BIN.ordinal())
                .putInt(-count * RpmHeader.ENTRY_SIZE).putInt(RpmHeader.ENTRY_SIZE);
        data.writeBytes(trailer.array());
        index.putInt(0, RpmTag.HEADERSIGNATURES).putInt(4, RpmHeader.Type.BIN.ordinal()).putInt(8, trailerOffset)
                .putInt(12, RpmHeader.ENTRY_SIZE);
        ByteBuffer header = ByteBuffer.allocate(RpmHeader.PREAMBLE_SIZE + index.capacity() + data.size());
        header.put(new byte[] {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0});
        header.putInt(count).putInt(data.size());
        header.put(index.array()).put(data.toByteArray());
        return header.array();
    }
}
