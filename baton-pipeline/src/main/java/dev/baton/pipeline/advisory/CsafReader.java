package dev.baton.pipeline.advisory;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.rpm.Nevra;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Red Hat CSAF 2.0 advisory (one JSON file per RHSA, RHBA or RHEA) into an upstream {@link Advisory}.
 *
 * <p>What is read: {@code document.tracking.id} (the id), {@code document.title}, {@code document.category} and
 * the id's prefix (the type), {@code document.aggregate_severity.text}, {@code document.notes} (category
 * {@code summary}: the summary; {@code general} or {@code description}: the description), the tracking dates, the
 * document's {@code self} reference; per vulnerability its {@code cve}, its Bugzilla {@code ids},
 * {@code product_status.fixed} and the {@code vendor_fix} remediations' products (and whether they ask for a
 * machine restart). The fixed products are resolved through {@code product_tree.relationships}
 * ({@code AppStream-9.2.0.Z:openssl-1:3.0.7-18.el9_2.x86_64} is the package {@code openssl-1:3.0.7-18.el9_2.x86_64}
 * in that product) to the {@code product_version} branches, whose purl
 * ({@code pkg:rpm/redhat/openssl@3.0.7-18.el9_2?arch=x86_64&epoch=1}) names the package. Source packages
 * ({@code arch=src}) are left out: hosts install binary packages. A package fixed in several products is listed once.
 *
 * <p>CSAF VEX files (one per CVE, {@code csaf_vex}) describe a vulnerability, not an update, and are refused.
 * Limits: {@value #MAX_BYTES} bytes per file (Red Hat's largest advisories, the kernel's, are a few MB).
 */
public final class CsafReader {

    static final long MAX_BYTES = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CsafReader() {
    }

    /**
     * Reads one file.
     *
     * @param remote the remote the advisory comes with
     * @throws CsafFormatException bad JSON, a missing required field, a bad value; the message names the file and
     *                             the field
     */
    public static Advisory read(Path file, String remote) {
        try (InputStream in = Files.newInputStream(file)) {
            if (Files.size(file) > MAX_BYTES) {
                throw new CsafFormatException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB, not read", null);
            }
            return read(in, file.toString(), remote);
        } catch (IOException e) {
            throw new CsafFormatException("cannot read CSAF file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads one document; {@code name} names it in errors. */
    public static Advisory read(InputStream in, String name, String remote) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new CsafFormatException(name + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", e);
        } catch (IOException e) {
            throw new CsafFormatException("cannot read CSAF file " + name + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CsafFormatException(name + ": not a CSAF document (a JSON object with document, product_tree "
                    + "and vulnerabilities)", null);
        }
        return new Document(root, name, remote).advisory();
    }

    /** One document being read: every accessor names the field it misses. */
    private record Document(JsonNode root, String name, String remote) {

        Advisory advisory() {
            String category = text("document.category");
            if (category.equals("csaf_vex")) {
                throw fail("document.category", "is csaf_vex: a VEX file describes one CVE, not an update; read the "
                        + "advisory files (RHSA, RHBA, RHEA) instead");
            }
            String id = text("document.tracking.id");
            String title = text("document.title");
            Instant issued = date("document.tracking.initial_release_date");
            Instant updated = root.at("/document/tracking/current_release_date").isMissingNode()
                    ? issued : date("document.tracking.current_release_date");
            Severity severity = severity();
            List<AdvisoryReference> references = new ArrayList<>();
            Set<String> referenceIds = new LinkedHashSet<>();
            for (JsonNode r : root.at("/document/references")) {
                if ("self".equals(r.path("category").asText())) {
                    references.add(new AdvisoryReference(r.path("url").asText(null), id, AdvisoryReference.Type.SELF, id));
                    referenceIds.add(id);
                    break;
                }
            }
            Map<String, Nevra> products = productVersions();
            Map<String, String> relationships = relationships();
            Map<Nevra, Boolean> packages = new LinkedHashMap<>();
            JsonNode vulnerabilities = required("vulnerabilities");
            if (!vulnerabilities.isArray() || vulnerabilities.isEmpty()) {
                throw fail("vulnerabilities", "is empty: an advisory fixes at least one");
            }
            int v = 0;
            for (JsonNode vulnerability : vulnerabilities) {
                String where = "vulnerabilities[" + v++ + "]";
                String cve = vulnerability.path("cve").asText("");
                if (!cve.isEmpty() && referenceIds.add(cve)) {
                    references.add(new AdvisoryReference("https://access.redhat.com/security/cve/" + cve, cve,
                            AdvisoryReference.Type.CVE, cve));
                }
                for (JsonNode bz : vulnerability.path("ids")) {
                    String system = bz.path("system_name").asText("");
                    String number = bz.path("text").asText("");
                    if (system.toLowerCase(Locale.ROOT).contains("bugzilla") && !number.isEmpty() && referenceIds.add(number)) {
                        references.add(new AdvisoryReference("https://bugzilla.redhat.com/show_bug.cgi?id=" + number,
                                number, AdvisoryReference.Type.BUGZILLA, bz.path("text").asText()));
                    }
                }
                JsonNode fixed = vulnerability.at("/product_status/fixed");
                if (!fixed.isArray()) {
                    throw fail(where + ".product_status.fixed", "is missing: which packages fix " + (cve.isEmpty() ? "it" : cve));
                }
                for (JsonNode productId : fixed) {
                    add(packages, products, relationships, productId.asText(), false);
                }
                for (JsonNode remediation : vulnerability.path("remediations")) {
                    if (!"vendor_fix".equals(remediation.path("category").asText())) {
                        continue;
                    }
                    String restart = remediation.at("/restart_required/category").asText("none");
                    boolean reboot = restart.equals("machine") || restart.equals("system");
                    for (JsonNode productId : remediation.path("product_ids")) {
                        add(packages, products, relationships, productId.asText(), reboot);
                    }
                }
            }
            if (packages.isEmpty()) {
                throw fail("vulnerabilities[].product_status.fixed", "names no binary RPM package of product_tree "
                        + "(a product_version with a pkg:rpm purl)");
            }
            List<AdvisoryPackage> list = packages.entrySet().stream()
                    .map(e -> new AdvisoryPackage(e.getKey(), null, null, e.getValue())).toList();
            return new Advisory(id, type(id, category), severity, "final", title, note("summary"),
                    note("general", "description"), issued, updated, publisher(), references, list,
                    AdvisoryOrigin.upstream(remote), null);
        }

        private void add(Map<Nevra, Boolean> packages, Map<String, Nevra> products, Map<String, String> relationships,
                         String productId, boolean reboot) {
            Nevra nevra = products.get(relationships.getOrDefault(productId, productId));
            if (nevra != null && !nevra.arch().equals("src")) {
                packages.merge(nevra, reboot, Boolean::logicalOr);
            }
        }

        /** product_version product ids -> the package their purl names (non-RPM product versions are left out). */
        private Map<String, Nevra> productVersions() {
            Map<String, Nevra> out = new HashMap<>();
            walk(required("product_tree"), "product_tree", out);
            return out;
        }

        private void walk(JsonNode node, String where, Map<String, Nevra> out) {
            int i = 0;
            for (JsonNode branch : node.path("branches")) {
                String here = where + ".branches[" + i++ + "]";
                if ("product_version".equals(branch.path("category").asText())) {
                    String purl = branch.at("/product/product_identification_helper/purl").asText("");
                    String productId = branch.at("/product/product_id").asText("");
                    if (purl.startsWith("pkg:rpm/")) {
                        if (productId.isEmpty()) {
                            throw fail(here + ".product.product_id", "is missing");
                        }
                        out.put(productId, purl(purl, here + ".product.product_identification_helper.purl"));
                    }
                }
                walk(branch, here, out);
            }
        }

        /** full product id (product:package) -> the package's product id. */
        private Map<String, String> relationships() {
            Map<String, String> out = new HashMap<>();
            for (JsonNode r : root.at("/product_tree/relationships")) {
                String full = r.at("/full_product_name/product_id").asText("");
                String reference = r.path("product_reference").asText("");
                if (!full.isEmpty() && !reference.isEmpty()) {
                    out.put(full, reference);
                }
            }
            return out;
        }

        /** {@code pkg:rpm/redhat/NAME@VERSION-RELEASE?arch=ARCH&epoch=E}. */
        private Nevra purl(String purl, String field) {
            String rest = purl.substring("pkg:rpm/".length());
            int hash = rest.indexOf('#');
            if (hash >= 0) {
                rest = rest.substring(0, hash);
            }
            int question = rest.indexOf('?');
            String path = question < 0 ? rest : rest.substring(0, question);
            Map<String, String> qualifiers = new HashMap<>();
            if (question >= 0) {
                for (String pair : rest.substring(question + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        qualifiers.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            int at = path.lastIndexOf('@');
            int slash = path.lastIndexOf('/', at);
            String version = at < 0 ? "" : URLDecoder.decode(path.substring(at + 1), StandardCharsets.UTF_8);
            int dash = version.lastIndexOf('-');
            String arch = qualifiers.get("arch");
            if (at < 0 || dash <= 0 || arch == null) {
                throw fail(field, "'" + purl + "' does not name a package: expected pkg:rpm/VENDOR/NAME@VERSION-RELEASE?arch=ARCH");
            }
            try {
                String epoch = qualifiers.get("epoch");
                return new Nevra(URLDecoder.decode(path.substring(slash + 1, at), StandardCharsets.UTF_8),
                        epoch == null ? null : Integer.valueOf(epoch), version.substring(0, dash),
                        version.substring(dash + 1), arch);
            } catch (IllegalArgumentException e) {
                throw fail(field, "'" + purl + "' does not name a package: " + e.getMessage());
            }
        }

        private AdvisoryType type(String id, String category) {
            if (id.startsWith("RHSA") || category.equals("csaf_security_advisory")) {
                return AdvisoryType.SECURITY;
            }
            return id.startsWith("RHEA") ? AdvisoryType.ENHANCEMENT : AdvisoryType.BUGFIX;
        }

        private Severity severity() {
            JsonNode node = root.at("/document/aggregate_severity/text");
            if (node.isMissingNode()) {
                return null;
            }
            try {
                return Severity.parse(node.asText());
            } catch (BadRequestException e) {
                throw fail("document.aggregate_severity.text", "'" + node.asText()
                        + "' is not one of Critical, Important, Moderate, Low");
            }
        }

        private String note(String... categories) {
            for (String category : categories) {
                for (JsonNode note : root.at("/document/notes")) {
                    if (category.equals(note.path("category").asText())) {
                        return note.path("text").asText("");
                    }
                }
            }
            return "";
        }

        private String publisher() {
            String namespace = root.at("/document/publisher/namespace").asText("");
            return namespace.isEmpty() ? root.at("/document/publisher/name").asText(null) : namespace;
        }

        private Instant date(String field) {
            String text = text(field);
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw fail(field, "'" + text + "' is not a date and time like 2026-01-10T12:00:00+00:00");
            }
        }

        private String text(String field) {
            JsonNode node = required(field);
            if (!node.isTextual() || node.asText().isBlank()) {
                throw fail(field, "is not a text");
            }
            return node.asText().strip();
        }

        private JsonNode required(String field) {
            JsonNode node = root.at("/" + field.replace('.', '/'));
            if (node.isMissingNode() || node.isNull()) {
                throw fail(field, "is missing");
            }
            return node;
        }

        private CsafFormatException fail(String field, String what) {
            return new CsafFormatException(name + ": CSAF field " + field + " " + what, null);
        }
    }
}
