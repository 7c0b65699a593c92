package dev.baton.pipeline.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RPM header (the signature header or the main header) exactly as stored in the file: the 8 bytes of magic and
 * reserved, the index count and data size, the index entries and the data store. Values are decoded on request
 * from those bytes; {@link #bytes()} returns them unchanged, which is what signatures and header digests cover.
 *
 * <p>Every entry is checked when the header is read (known type, count and offset inside the data store, strings
 * terminated inside it), so an accessor never reads outside the header. Accessors return an empty value for an
 * absent tag and throw {@link RpmFormatException} when a tag has a type the accessor cannot give.
 */
public final class RpmHeader {

    /** The first four bytes of every header. */
    static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01};
    /** Size of the magic, reserved bytes, index count and data size before the index. */
    public static final int PREAMBLE_SIZE = 16;
    /** Size of one index entry. */
    public static final int ENTRY_SIZE = 16;
    /** Upper bounds rpm itself enforces (hdrchkTags, hdrchkData). */
    static final int MAX_ENTRIES = 0xffff;
    static final int MAX_DATA = 0x0fffffff;

    /** Data types of header entries, by their number in the file. */
    public enum Type {
        NULL(0), CHAR(1), INT8(1), INT16(2), INT32(4), INT64(8), STRING(1), BIN(1), STRING_ARRAY(1), I18NSTRING(1);

        private final int width;

        Type(int width) {
            this.width = width;
        }

        /** Bytes per element, for fixed-width types; 1 for strings and binary. */
        public int width() {
            return width;
        }

        boolean isString() {
            return this == STRING || this == STRING_ARRAY || this == I18NSTRING;
        }

        boolean isInteger() {
            return this == CHAR || this == INT8 || this == INT16 || this == INT32 || this == INT64;
        }
    }

    /** One index entry: which tag, its type, where its value starts in the data store and how many elements. */
    public record Entry(int tag, Type type, int offset, int count) {
    }

    private final byte[] raw;
    private final int dataStart;
    private final int dataSize;
    private final Map<Integer, Entry> entries;

    private RpmHeader(byte[] raw, int dataStart, int dataSize, Map<Integer, Entry> entries) {
        this.raw = raw;
        this.dataStart = dataStart;
        this.dataSize = dataSize;
        this.entries = entries;
    }

    /**
     * Reads and checks the header that starts at {@code position} of the channel.
     *
     * @param what which header, for messages ("signature header", "main header")
     */
    static RpmHeader read(FileChannel channel, long position, String what) throws IOException {
        long fileSize = channel.size();
        ByteBuffer preamble = ByteBuffer.allocate(PREAMBLE_SIZE);
        readFully(channel, preamble, position);
        if (preamble.hasRemaining()) {
            throw new RpmFormatException("the file is truncated: it ends at byte " + fileSize + ", inside the " + what
                    + " that starts at byte " + position);
        }
        byte[] head = preamble.array();
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                throw new RpmFormatException("the " + what + " at byte " + position
                        + " does not start with the header magic 8eade801: not an RPM package, or a damaged one");
            }
        }
        long count = Integer.toUnsignedLong(preamble.getInt(8));
        long size = Integer.toUnsignedLong(preamble.getInt(12));
        if (count < 1 || count > MAX_ENTRIES) {
            throw new RpmFormatException("the " + what + " at byte " + position + " declares " + count
                    + " entries (allowed: 1 to " + MAX_ENTRIES + "): a damaged package");
        }
        if (size > MAX_DATA) {
            throw new RpmFormatException("the " + what + " at byte " + position + " declares " + size
                    + " bytes of data (at most " + MAX_DATA + " allowed): a damaged package");
        }
        long total = PREAMBLE_SIZE + count * ENTRY_SIZE + size;
        if (position + total > fileSize) {
            throw new RpmFormatException("the file is truncated: the " + what + " at byte " + position + " needs "
                    + total + " bytes but the file ends at byte " + fileSize);
        }
        ByteBuffer all = ByteBuffer.allocate((int) total);
        readFully(channel, all, position);
        return parse(all.array(), what);
    }

    /** Checks and indexes a header held in memory (from its magic to the end of its data store). */
    public static RpmHeader parse(byte[] raw, String what) {
        if (raw.length < PREAMBLE_SIZE) {
            throw new RpmFormatException("the " + what + " is " + raw.length + " bytes long, shorter than a header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (raw[i] != MAGIC[i]) {
                throw new RpmFormatException("the " + what + " does not start with the header magic 8eade801");
            }
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        long count = Integer.toUnsignedLong(buffer.getInt(8));
        long size = Integer.toUnsignedLong(buffer.getInt(12));
        if (count < 1 || count > MAX_ENTRIES || size > MAX_DATA
                || PREAMBLE_SIZE + count * ENTRY_SIZE + size != raw.length) {
            throw new RpmFormatException("the " + what + " declares " + count + " entries and " + size
                    + " bytes of data, which does not match its length of " + raw.length + " bytes");
        }
        int dataStart = PREAMBLE_SIZE + (int) count * ENTRY_SIZE;
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int at = PREAMBLE_SIZE + i * ENTRY_SIZE;
            int tag = buffer.getInt(at);
            int typeNumber = buffer.getInt(at + 4);
            int offset = buffer.getInt(at + 8);
            int elements = buffer.getInt(at + 12);
            if (typeNumber < 0 || typeNumber >= Type.values().length) {
                throw new RpmFormatException("entry " + i + " (tag " + tag + ") of the " + what
                        + " has unknown type " + typeNumber);
            }
            Type type = Type.values()[typeNumber];
            if (offset < 0 || offset >= size || elements < 1 || elements > size) {
                throw new RpmFormatException("entry " + i + " (tag " + tag + ") of the " + what + " points outside "
                        + "its data (offset " + Integer.toUnsignedString(offset) + ", count "
                        + Integer.toUnsignedString(elements) + ", data size " + size + ")");
            }
            checkExtent(raw, dataStart, (int) size, tag, type, offset, elements, what);
            entries.putIfAbsent(tag, new Entry(tag, type, offset, elements));
        }
        return new RpmHeader(raw, dataStart, (int) size, Collections.unmodifiableMap(entries));
    }

    private static void checkExtent(byte[] raw, int dataStart, int size, int tag, Type type, int offset, int count,
            String what) {
        if (type.isString()) {
            if (type == Type.STRING && count != 1) {
                throw new RpmFormatException("tag " + tag + " of the " + what + " is a string with count " + count);
            }
            int at = dataStart + offset;
            int end = dataStart + size;
            for (int i = 0; i < count; i++) {
                while (at < end && raw[at] != 0) {
                    at++;
                }
                if (at >= end) {
                    throw new RpmFormatException("string " + i + " of tag " + tag + " of the " + what
                            + " runs past the end of the header's data");
                }
                at++;
            }
        } else if ((long) offset + (long) count * type.width() > size) {
            throw new RpmFormatException("the value of tag " + tag + " of the " + what + " (" + count + " x "
                    + type + " at offset " + offset + ") runs past the end of the header's data (" + size + " bytes)");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    /** The header's bytes as in the file, from the magic to the end of the data store; a copy. */
    public byte[] bytes() {
        return raw.clone();
    }

    /** The header's length in bytes (without the padding that follows a signature header). */
    public int length() {
        return raw.length;
    }

    /** Size of the data store. */
    public int dataSize() {
        return dataSize;
    }

    /** The index entries, in file order (the first one of a repeated tag). */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /** The entry of a tag, or {@code null}. */
    public Entry entry(int tag) {
        return entries.get(tag);
    }

    /**
     * A string value, or {@code null} when the tag is absent. For a string array or an i18n string, the first
     * element (an i18n string's first element is its untranslated text).
     */
    public String string(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return null;
        }
        requireString(e);
        return stringAt(dataStart + e.offset());
    }

    /** All strings of a string, string array or i18n string tag; empty when absent. */
    public List<String> strings(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return List.of();
        }
        requireString(e);
        List<String> values = new ArrayList<>(e.count());
        int at = dataStart + e.offset();
        for (int i = 0; i < e.count(); i++) {
            int end = terminator(at);
            values.add(new String(raw, at, end - at, StandardCharsets.UTF_8));
            at = end + 1;
        }
        return values;
    }

    /**
     * The values of an integer tag as {@code int}s; empty when absent. CHAR, INT8 and INT16 are unsigned (file
     * modes are 16-bit unsigned); INT32 comes as Java's signed int (use {@link #longs(int)} for sizes and times).
     */
    public int[] ints(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return new int[0];
        }
        if (!e.type().isInteger() || e.type() == Type.INT64) {
            throw wrongType(e, "an 8, 16 or 32-bit integer");
        }
        int[] values = new int[e.count()];
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        int at = dataStart + e.offset();
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (e.type()) {
                case CHAR, INT8 -> raw[at + i] & 0xff;
                case INT16 -> buffer.getShort(at + 2 * i) & 0xffff;
                default -> buffer.getInt(at + 4 * i);
            };
        }
        return values;
    }

    /** The values of an integer tag of any width as {@code long}s, INT32 read as unsigned; empty when absent. */
    public long[] longs(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return new long[0];
        }
        if (e.type() == Type.INT64) {
            long[] values = new long[e.count()];
            ByteBuffer buffer = ByteBuffer.wrap(raw);
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getLong(dataStart + e.offset() + 8 * i);
            }
            return values;
        }
        int[] ints = ints(tag);
        long[] values = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            values[i] = e.type() == Type.INT32 ? Integer.toUnsignedLong(ints[i]) : ints[i];
        }
        return values;
    }

    /** The first value of an integer tag, or {@code otherwise} when the tag is absent. */
    public long number(int tag, long otherwise) {
        long[] values = longs(tag);
        return values.length == 0 ? otherwise : values[0];
    }

    /** The raw bytes of a binary (or any fixed-width) tag's value; {@code null} when absent. */
    public byte[] bytes(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return null;
        }
        if (e.type().isString()) {
            throw wrongType(e, "binary");
        }
        int start = dataStart + e.offset();
        byte[] value = new byte[e.count() * e.type().width()];
        System.arraycopy(raw, start, value, 0, value.length);
        return value;
    }

    private void requireString(Entry e) {
        if (!e.type().isString()) {
            throw wrongType(e, "a string");
        }
    }

    private static RpmFormatException wrongType(Entry e, String expected) {
        return new RpmFormatException("tag " + e.tag() + " (" + RpmTag.name(e.tag()) + ") is " + e.type()
                + ", not " + expected);
    }

    private String stringAt(int at) {
        int end = terminator(at);
        return new String(raw, at, end - at, StandardCharsets.UTF_8);
    }

    private int terminator(int at) {
        int end = at;
        while (raw[end] != 0) {
            end++;
        }
        return end;
    }
}
