package dev.baton.pipeline.rpm;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tag numbers of RPM headers that Baton reads or writes, with their names as {@code rpm --querytags} prints
 * them. The signature header reuses low numbers for its own tags: those constants start with {@code SIG_} (or are
 * the digests 269-273) and are named by {@link #signatureName(int)}.
 */
public final class RpmTag {

    // Regions: the first entry of a header, marking the bytes a signature or digest covers.
    public static final int HEADERSIGNATURES = 62;
    public static final int HEADERIMMUTABLE = 63;
    public static final int HEADERI18NTABLE = 100;

    // Signature header.
    /** Header-only OpenPGP signature made with a DSA, EdDSA or ECDSA key. */
    public static final int SIG_DSA = 267;
    /** Header-only OpenPGP signature made with an RSA key. */
    public static final int SIG_RSA = 268;
    /** Hex SHA-1 of the main header. */
    public static final int SHA1HEADER = 269;
    public static final int SIG_LONGSIZE = 270;
    public static final int SIG_LONGARCHIVESIZE = 271;
    /** Hex SHA-256 of the main header. */
    public static final int SHA256HEADER = 273;
    /** Size of main header and payload (legacy, 32 bits). */
    public static final int SIG_SIZE = 1000;
    /** Legacy header+payload OpenPGP signature (RSA). */
    public static final int SIG_PGP = 1002;
    /** MD5 of header and payload (legacy). */
    public static final int SIG_MD5 = 1004;
    /** Legacy header+payload OpenPGP signature (DSA). */
    public static final int SIG_GPG = 1005;
    public static final int SIG_PAYLOADSIZE = 1007;
    /** Zero bytes kept so that adding a signature does not change the file's size. */
    public static final int RESERVED = 1008;

    // Main header.
    public static final int NAME = 1000;
    public static final int VERSION = 1001;
    public static final int RELEASE = 1002;
    public static final int EPOCH = 1003;
    public static final int SUMMARY = 1004;
    public static final int DESCRIPTION = 1005;
    public static final int BUILDTIME = 1006;
    public static final int BUILDHOST = 1007;
    public static final int SIZE = 1009;
    public static final int DISTRIBUTION = 1010;
    public static final int VENDOR = 1011;
    public static final int LICENSE = 1014;
    public static final int PACKAGER = 1015;
    public static final int GROUP = 1016;
    public static final int URL = 1020;
    public static final int OS = 1021;
    public static final int ARCH = 1022;
    public static final int PREIN = 1023;
    public static final int POSTIN = 1024;
    public static final int PREUN = 1025;
    public static final int POSTUN = 1026;
    public static final int OLDFILENAMES = 1027;
    public static final int FILESIZES = 1028;
    public static final int FILEMODES = 1030;
    public static final int FILERDEVS = 1033;
    public static final int FILEMTIMES = 1034;
    public static final int FILEDIGESTS = 1035;
    public static final int FILELINKTOS = 1036;
    public static final int FILEFLAGS = 1037;
    public static final int FILEUSERNAME = 1039;
    public static final int FILEGROUPNAME = 1040;
    public static final int SOURCERPM = 1044;
    public static final int FILEVERIFYFLAGS = 1045;
    public static final int ARCHIVESIZE = 1046;
    public static final int PROVIDENAME = 1047;
    public static final int REQUIREFLAGS = 1048;
    public static final int REQUIRENAME = 1049;
    public static final int REQUIREVERSION = 1050;
    public static final int CONFLICTFLAGS = 1053;
    public static final int CONFLICTNAME = 1054;
    public static final int CONFLICTVERSION = 1055;
    public static final int RPMVERSION = 1064;
    public static final int CHANGELOGTIME = 1080;
    public static final int CHANGELOGNAME = 1081;
    public static final int CHANGELOGTEXT = 1082;
    public static final int PREINPROG = 1085;
    public static final int POSTINPROG = 1086;
    public static final int PREUNPROG = 1087;
    public static final int POSTUNPROG = 1088;
    public static final int OBSOLETENAME = 1090;
    public static final int FILEDEVICES = 1095;
    public static final int FILEINODES = 1096;
    public static final int FILELANGS = 1097;
    public static final int SOURCEPACKAGE = 1106;
    public static final int PROVIDEFLAGS = 1112;
    public static final int PROVIDEVERSION = 1113;
    public static final int OBSOLETEFLAGS = 1114;
    public static final int OBSOLETEVERSION = 1115;
    public static final int DIRINDEXES = 1116;
    public static final int BASENAMES = 1117;
    public static final int DIRNAMES = 1118;
    public static final int OPTFLAGS = 1122;
    public static final int PAYLOADFORMAT = 1124;
    public static final int PAYLOADCOMPRESSOR = 1125;
    public static final int PAYLOADFLAGS = 1126;
    public static final int PLATFORM = 1132;
    public static final int FILECOLORS = 1140;
    public static final int LONGFILESIZES = 5008;
    public static final int LONGSIZE = 5009;
    public static final int FILEDIGESTALGO = 5011;
    public static final int RECOMMENDNAME = 5046;
    public static final int RECOMMENDVERSION = 5047;
    public static final int RECOMMENDFLAGS = 5048;
    public static final int SUGGESTNAME = 5049;
    public static final int SUGGESTVERSION = 5050;
    public static final int SUGGESTFLAGS = 5051;
    public static final int SUPPLEMENTNAME = 5052;
    public static final int SUPPLEMENTVERSION = 5053;
    public static final int SUPPLEMENTFLAGS = 5054;
    public static final int ENHANCENAME = 5055;
    public static final int ENHANCEVERSION = 5056;
    public static final int ENHANCEFLAGS = 5057;
    public static final int ENCODING = 5062;
    /** Digest(s) of the compressed payload as stored in the file, hex; algorithm in {@link #PAYLOADDIGESTALGO}. */
    public static final int PAYLOADDIGEST = 5092;
    /** OpenPGP hash algorithm number of {@link #PAYLOADDIGEST} (8 = SHA-256). */
    public static final int PAYLOADDIGESTALGO = 5093;
    /** Digest of the uncompressed payload. */
    public static final int PAYLOADDIGESTALT = 5097;

    private static final Map<Integer, String> HEADER_NAMES = new TreeMap<>();
    private static final Map<Integer, String> SIGNATURE_NAMES = new TreeMap<>();

    static {
        for (Field field : RpmTag.class.getFields()) {
            if (field.getType() != int.class || !Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            int tag;
            try {
                tag = field.getInt(null);
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
            String name = field.getName();
            boolean signature = name.startsWith("SIG_") || name.equals("RESERVED") || (tag >= 256 && tag < 1000);
            if (signature) {
                SIGNATURE_NAMES.put(tag, name.startsWith("SIG_") ? name.substring(4) : name);
            } else {
                HEADER_NAMES.put(tag, name);
            }
            if (tag < 256) {
                SIGNATURE_NAMES.put(tag, name);
            }
        }
    }

    private RpmTag() {
    }

    /** The main header's name for a tag, or {@code TAG_<n>} for one Baton does not know. */
    public static String name(int tag) {
        return HEADER_NAMES.getOrDefault(tag, "TAG_" + tag);
    }

    /** The signature header's name for a tag, or {@code SIGTAG_<n>}. */
    public static String signatureName(int tag) {
        return SIGNATURE_NAMES.getOrDefault(tag, "SIGTAG_" + tag);
    }
}
