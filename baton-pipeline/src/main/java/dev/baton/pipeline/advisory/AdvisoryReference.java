package dev.baton.pipeline.advisory;

import dev.baton.lock.BadRequestException;
import java.util.Locale;

/**
 * A reference of an advisory, as updateinfo.xml's {@code <reference>}.
 *
 * @param href  where to read more (may be {@code null} for a bare CVE id)
 * @param id    the referenced id: {@code RHSA-2026:0001}, {@code CVE-2026-0001}, a Bugzilla number
 * @param type  what it references
 * @param title a line for people, or {@code null}
 */
public record AdvisoryReference(String href, String id, Type type, String title) {

    /** updateinfo.xml's reference types. {@code self} is the advisory itself (for a derived one: the upstream's). */
    public enum Type {
        SELF, CVE, BUGZILLA, OTHER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads the updateinfo spelling; an unknown type is {@link #OTHER} when reading, as upstreams vary. */
        public static Type parse(String text) {
            for (Type t : values()) {
                if (t.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return t;
                }
            }
            return OTHER;
        }
    }

    public AdvisoryReference {
        if (id == null || id.isBlank()) {
            throw new BadRequestException("an advisory reference needs an id (e.g. CVE-2026-0001)");
        }
        if (type == null) {
            throw new BadRequestException("advisory reference " + id + " needs a type (self, cve, bugzilla or other)");
        }
        id = id.strip();
    }

    /** A CVE reference pointing at the CVE's record. */
    public static AdvisoryReference cve(String cve) {
        return new AdvisoryReference("https://www.cve.org/CVERecord?id=" + cve, cve, Type.CVE, cve);
    }
}
