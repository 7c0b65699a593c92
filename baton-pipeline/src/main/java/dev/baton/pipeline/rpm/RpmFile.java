package dev.baton.pipeline.rpm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An RPM package's structure: the 96-byte lead, the signature header (padded to a multiple of 8 bytes), the main
 * header and the compressed payload, with the byte offset of each part. {@link #open(Path)} reads and checks the
 * lead and both headers (never the payload), so a damaged or hostile file fails there with a
 * {@link RpmFormatException} that says what is wrong; afterwards every offset is inside the file.
 *
 * <pre>
 * 0 ........ 96 ............ signatureEnd [pad] headerStart ........ headerEnd=payloadStart ....... size
 *   lead        signature header                main header                      payload
 * </pre>
 */
public final class RpmFile {

    /** Size of the lead. */
    public static final int LEAD_SIZE = 96;
    static final byte[] LEAD_MAGIC = {(byte) 0xed, (byte) 0xab, (byte) 0xee, (byte) 0xdb};
    /** The lead's signature type of every package since rpm 3: "a signature header follows". */
    static final int HEADER_SIGNATURE_TYPE = 5;

    private final Path path;
    private final byte[] lead;
    private final RpmHeader signature;
    private final RpmHeader header;
    private final long headerStart;
    private final long size;

    private RpmFile(Path path, byte[] lead, RpmHeader signature, RpmHeader header, long headerStart, long size) {
        this.path = path;
        this.lead = lead;
        this.signature = signature;
        this.header = header;
        this.headerStart = headerStart;
        this.size = size;
    }

    /**
     * Reads the lead and the headers of a package file.
     *
     * @throws RpmFormatException when the file is not a well-formed RPM package (the message says why)
     * @throws IOException when the file cannot be read
     */
    public static RpmFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer leadBuffer = ByteBuffer.allocate(LEAD_SIZE);
            while (leadBuffer.hasRemaining() && channel.read(leadBuffer, leadBuffer.position()) >= 0) {
                // read until full or end of file
            }
            byte[] lead = leadBuffer.array();
            if (size < 4 || !startsWith(lead, LEAD_MAGIC)) {
                throw new RpmFormatException(path.getFileName() + " is not an RPM package: it does not start with "
                        + "the RPM lead magic edabeedb");
            }
            if (leadBuffer.hasRemaining()) {
                throw new RpmFormatException(path.getFileName() + " is truncated: it ends at byte " + size
                        + ", inside the 96-byte lead");
            }
            int major = lead[4] & 0xff;
            if (major != 3 && major != 4) {
                throw new RpmFormatException(path.getFileName() + " has RPM format version " + major
                        + ", Baton reads versions 3 and 4");
            }
            int signatureType = leadBuffer.getShort(78) & 0xffff;
            if (signatureType != HEADER_SIGNATURE_TYPE) {
                throw new RpmFormatException(path.getFileName() + " has lead signature type " + signatureType
                        + " (expected 5, a signature header): a package from before rpm 3, or a damaged one");
            }
            RpmHeader signature = RpmHeader.read(channel, LEAD_SIZE, "signature header");
            long signatureEnd = LEAD_SIZE + (long) signature.length();
            long headerStart = signatureEnd + padding(signature.length());
            RpmHeader header = RpmHeader.read(channel, headerStart, "main header");
            for (int tag : new int[] {RpmTag.NAME, RpmTag.VERSION, RpmTag.RELEASE}) {
                if (header.string(tag) == null) {
                    throw new RpmFormatException(path.getFileName() + " has no " + RpmTag.name(tag)
                            + " in its main header: not a package");
                }
            }
            return new RpmFile(path, lead, signature, header, headerStart, size);
        } catch (RpmFormatException e) {
            if (e.getMessage().contains(path.getFileName().toString())) {
                throw e;
            }
            throw new RpmFormatException(path.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Zero bytes after a signature header of {@code length} bytes, so that the main header starts at a multiple of 8. */
    public static int padding(int length) {
        return (8 - length % 8) % 8;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public Path path() {
        return path;
    }

    /** The 96-byte lead, a copy. */
    public byte[] lead() {
        return lead.clone();
    }

    /** The signature header: digests and signatures of the main header (and, in old packages, of the payload). */
    public RpmHeader signature() {
        return signature;
    }

    /** The main header: the package's metadata. */
    public RpmHeader header() {
        return header;
    }

    /** Offset of the signature header (always {@value #LEAD_SIZE}). */
    public long signatureStart() {
        return LEAD_SIZE;
    }

    /** Offset just after the signature header, before its padding. */
    public long signatureEnd() {
        return LEAD_SIZE + (long) signature.length();
    }

    /** Offset of the main header. */
    public long headerStart() {
        return headerStart;
    }

    /** Offset just after the main header. */
    public long headerEnd() {
        return headerStart + header.length();
    }

    /** Offset of the compressed payload (equal to {@link #headerEnd()}). */
    public long payloadStart() {
        return headerEnd();
    }

    /** The file's size in bytes. */
    public long size() {
        return size;
    }

    /** A source package (has no SOURCERPM tag, or is marked as source). */
    public boolean isSource() {
        return header.has(RpmTag.SOURCEPACKAGE) || !header.has(RpmTag.SOURCERPM);
    }

    /** The package's name, epoch, version, release and architecture ({@code src} for a source package). */
    public Nevra nevra() {
        String arch = isSource() ? "src" : header.string(RpmTag.ARCH);
        if (arch == null) {
            throw new RpmFormatException(path.getFileName() + " has no ARCH in its main header");
        }
        long[] epoch = header.longs(RpmTag.EPOCH);
        return new Nevra(header.string(RpmTag.NAME), epoch.length == 0 ? null : (int) epoch[0],
                header.string(RpmTag.VERSION), header.string(RpmTag.RELEASE), arch);
    }
}
