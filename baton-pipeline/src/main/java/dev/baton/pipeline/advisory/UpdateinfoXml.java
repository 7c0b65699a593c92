package dev.baton.pipeline.advisory;

import dev.baton.pipeline.rpm.Nevra;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code updateinfo.xml}, the advisories dnf reads ({@code dnf updateinfo}, {@code dnf upgrade --advisory}),
 * for one repository version.
 *
 * <p><b>Which advisories, which packages.</b> {@link #forVersion} keeps an advisory when <em>at least one</em> of its
 * packages is in the version, and lists in its {@code pkglist} <em>only</em> the packages the version holds, with
 * the sha256 of the file the version holds (a signed copy differs from the file the advisory was written for). dnf
 * takes a {@code pkglist} at its word: it calls an advisory applicable when a listed package is newer than an
 * installed one, whether or not the repository has that package. Checked with dnf 4.14: an advisory naming a
 * package the repository lacks is listed by {@code dnf updateinfo list} as an update the host needs, and
 * {@code dnf upgrade --advisory ID} then does nothing and exits 0, so hosts would be told of a fix they never get.
 * Requiring <em>all</em> packages instead would hide a security fix from a repository that holds only some of an
 * advisory's packages (a production repository promoted by package, or one architecture of several), so the
 * partial advisory is published with what the version can deliver.
 *
 * <p>Dates are written as {@code YYYY-MM-DD HH:MM:SS} in UTC; the document is UTF-8, escaped by the XML writer;
 * characters XML 1.0 cannot carry (control characters an upstream text may hold) are left out, as one of them would
 * make dnf refuse the whole file.
 */
public final class UpdateinfoXml {

    private UpdateinfoXml() {
    }

    /**
     * The advisories as a repository version publishes them: those with at least one package in it, each listing
     * only those packages, with the held file's sha256.
     *
     * @param held the packages the version holds: NEVRA to the sha256 of its file there
     */
    public static List<Advisory> forVersion(List<Advisory> advisories, Map<Nevra, String> held) {
        List<Advisory> out = new ArrayList<>();
        for (Advisory a : advisories) {
            List<AdvisoryPackage> packages = a.packages().stream().filter(p -> held.containsKey(p.nevra()))
                    .map(p -> p.withSha256(held.get(p.nevra()))).toList();
            if (!packages.isEmpty()) {
                out.add(a.withPackages(packages));
            }
        }
        return out;
    }

    /**
     * Writes the advisories as given (see {@link #forVersion} to restrict them to a version first).
     *
     * @param collection the short name of the package collection, e.g. the repository's name
     */
    public static void write(OutputStream out, List<Advisory> advisories, String collection) {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("updates");
            for (Advisory a : advisories) {
                update(x, a, collection);
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            x.close();
            out.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write updateinfo.xml: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write updateinfo.xml", e);
        }
    }

    private static void update(XMLStreamWriter x, Advisory a, String collection) throws XMLStreamException {
        x.writeCharacters("\n  ");
        x.writeStartElement("update");
        if (a.from() != null) {
            x.writeAttribute("from", xmlSafe(a.from()));
        }
        x.writeAttribute("status", a.status());
        x.writeAttribute("type", a.type().wireName());
        x.writeAttribute("version", "2.0");
        text(x, "id", a.id());
        text(x, "title", a.title());
        date(x, "issued", a.issued());
        date(x, "updated", a.updated());
        if (a.severity() != null) {
            text(x, "severity", a.severity().wireName());
        }
        text(x, "summary", a.summary());
        text(x, "description", a.description());
        x.writeCharacters("\n    ");
        x.writeStartElement("references");
        for (AdvisoryReference r : a.references()) {
            x.writeCharacters("\n      ");
            x.writeEmptyElement("reference");
            if (r.href() != null) {
                x.writeAttribute("href", xmlSafe(r.href()));
            }
            x.writeAttribute("id", xmlSafe(r.id()));
            x.writeAttribute("type", r.type().wireName());
            x.writeAttribute("title", xmlSafe(r.title() == null ? r.id() : r.title()));
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
        x.writeCharacters("\n    ");
        x.writeStartElement("pkglist");
        x.writeStartElement("collection");
        x.writeAttribute("short", collection);
        text(x, "name", collection);
        for (AdvisoryPackage p : a.packages()) {
            Nevra n = p.nevra();
            x.writeCharacters("\n      ");
            x.writeStartElement("package");
            x.writeAttribute("name", n.name());
            x.writeAttribute("epoch", String.valueOf(n.epoch()));
            x.writeAttribute("version", n.version());
            x.writeAttribute("release", n.release());
            x.writeAttribute("arch", n.arch());
            x.writeStartElement("filename");
            x.writeCharacters(p.filename());
            x.writeEndElement();
            if (p.sha256() != null) {
                x.writeStartElement("sum");
                x.writeAttribute("type", "sha256");
                x.writeCharacters(p.sha256());
                x.writeEndElement();
            }
            if (p.rebootSuggested()) {
                x.writeStartElement("reboot_suggested");
                x.writeCharacters("True");
                x.writeEndElement();
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
        x.writeEndElement();
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String element, String value) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement(element);
        x.writeCharacters(xmlSafe(value));
        x.writeEndElement();
    }

    /** {@code text} without the characters XML 1.0 forbids (all controls but tab, newline and carriage return). */
    static String xmlSafe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
            if (!allowed && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (allowed && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static void date(XMLStreamWriter x, String element, Instant at) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeEmptyElement(element);
        x.writeAttribute("date", Advisories.UPDATEINFO_DATE.format(at.atZone(ZoneOffset.UTC)));
    }
}
