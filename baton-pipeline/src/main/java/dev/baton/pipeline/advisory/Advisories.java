package dev.baton.pipeline.advisory;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.rpm.Nevra;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The advisories: the site's own, created by hand or derived from an upstream one, and the upstream ones recorded
 * as a sync reads them. Site ids are {@code PREFIX:YYYY:NNNN} (prefix {@value #DEFAULT_PREFIX} unless configured),
 * numbered per year by the store atomically; an id names one advisory, and a second advisory with a taken id is
 * refused naming the one that holds it.
 */
public final class Advisories {

    public static final String DEFAULT_PREFIX = "SITE-SA";
    /** The updateinfo date format, read here too (taken as UTC). */
    static final DateTimeFormatter UPDATEINFO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Pattern PREFIX = Pattern.compile("[A-Z][A-Z0-9-]{0,30}");
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private static final int MAX_TITLE = 200;

    private final AdvisoryStore store;
    private final InstantSource clock;
    private final String prefix;
    private final String from;

    /**
     * @param prefix the site's id prefix ({@code SITE-SA}): upper-case letters, digits and dashes
     * @param from   the site's address, written as the advisories' {@code from}
     */
    public Advisories(AdvisoryStore store, InstantSource clock, String prefix, String from) {
        checkPrefix(prefix);
        this.store = store;
        this.clock = clock;
        this.prefix = prefix;
        this.from = from;
    }

    /**
     * Checks a site id prefix.
     *
     * @throws IllegalArgumentException it is not upper-case letters, digits and dashes starting with a letter
     */
    public static void checkPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("the advisory id prefix must be upper-case letters, digits and dashes, "
                    + "starting with a letter (like SITE-SA), got '" + prefix + "'");
        }
    }

    /**
     * Creates a site advisory from what a person wrote, with the next id of the year it is issued in.
     *
     * @throws BadRequestException a field is wrong; the message names it
     */
    public Advisory create(AdvisoryDraft draft, String actor) {
        Instant now = clock.instant();
        Advisory checked = checked(draft, null, now, now);
        String id = nextId(checked.issued());
        return insert(checked.withId(id));
    }

    /**
     * Changes a site advisory: the fields of the draft replace the old ones (the issue date stays unless the draft
     * gives one), and {@code updated} becomes now.
     */
    public Advisory update(String id, AdvisoryDraft draft, String actor) {
        Advisory old = get(id);
        if (!old.origin().site()) {
            throw new BadRequestException("advisory " + id + " is an upstream advisory from remote " + old.origin().remote()
                    + ": it changes when the remote does; derive a site advisory from it to change what the site says");
        }
        Advisory changed = checked(draft, old, old.issued(), clock.instant());
        if (!store.update(changed)) {
            throw new AdvisoryNotFoundException(id);
        }
        return changed;
    }

    /**
     * Records an upstream advisory as a sync read it (from updateinfo.xml or CSAF): new ones are added, known ones
     * replaced. An upstream id that a site advisory holds is refused, naming it.
     */
    public Advisory recordUpstream(Advisory upstream) {
        if (upstream.origin().site()) {
            throw new IllegalArgumentException("recordUpstream takes upstream advisories, got site advisory " + upstream.id());
        }
        Optional<Advisory> old = store.find(upstream.id());
        if (old.isPresent()) {
            if (old.get().origin().site()) {
                throw new AdvisoryExistsException(old.get());
            }
            store.update(upstream);
            return upstream;
        }
        return insert(upstream);
    }

    /**
     * Derives a site advisory from an upstream one: the same type, severity, title and text, the upstream's id as
     * the {@code self} reference and its CVEs, and in place of each upstream package the site's rebuild of it, as
     * {@code siteRebuild} finds it (same name, epoch and version; the site's release, see {@link #siteRelease}).
     *
     * @throws BadRequestException some packages have no site rebuild (all are named), or a site advisory was derived
     *                             from that upstream one already (named)
     */
    public Advisory derive(Advisory upstream, Function<Nevra, Optional<AdvisoryPackage>> siteRebuild, String actor) {
        Optional<Advisory> earlier = store.findDerivedFrom(upstream.id());
        if (earlier.isPresent()) {
            throw new BadRequestException("site advisory " + earlier.get().id() + " was derived from " + upstream.id()
                    + " already: update that one");
        }
        if (upstream.packages().isEmpty()) {
            throw new BadRequestException("upstream advisory " + upstream.id() + " lists no packages: nothing to derive");
        }
        List<AdvisoryPackage> packages = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (AdvisoryPackage p : upstream.packages()) {
            Optional<AdvisoryPackage> rebuild = siteRebuild.apply(p.nevra());
            if (rebuild.isPresent()) {
                AdvisoryPackage r = rebuild.get();
                packages.add(new AdvisoryPackage(r.nevra(), r.filename(), r.sha256(), p.rebootSuggested() || r.rebootSuggested()));
            } else {
                missing.add(p.nevra().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new BadRequestException("cannot derive a site advisory from " + upstream.id() + ": no site rebuild of "
                    + String.join(", ", missing) + " (same name, epoch and version, the site's release): build "
                    + (missing.size() == 1 ? "it" : "them") + " first");
        }
        List<AdvisoryReference> references = new ArrayList<>();
        String selfHref = upstream.references().stream().filter(r -> r.type() == AdvisoryReference.Type.SELF)
                .map(AdvisoryReference::href).findFirst().orElse(null);
        references.add(new AdvisoryReference(selfHref, upstream.id(), AdvisoryReference.Type.SELF, upstream.id()));
        upstream.references().stream().filter(r -> r.type() == AdvisoryReference.Type.CVE).forEach(references::add);
        Instant now = clock.instant();
        Advisory derived = new Advisory(null, upstream.type(), upstream.severity(), "final", upstream.title(),
                upstream.summary(), upstream.description(), now, now, from, references, packages, AdvisoryOrigin.SITE,
                upstream.id());
        return insert(derived.withId(nextId(now)));
    }

    /** The NEVRA of the site's rebuild of an upstream package: its release with {@code suffix} appended. */
    public static Nevra siteRelease(Nevra upstream, String suffix) {
        return new Nevra(upstream.name(), upstream.epoch(), upstream.version(), upstream.release() + suffix, upstream.arch());
    }

    /**
     * The advisories a version of {@code repository} holding {@code packages} publishes in its updateinfo.xml: those
     * with <em>at least one</em> package in the version, each listing <em>only</em> the packages the version holds,
     * with the sha256 of the file it holds (a signed copy differs from the file the advisory was written for).
     *
     * <p>Why: dnf takes a {@code pkglist} at its word and calls an advisory applicable when a listed package is newer
     * than an installed one, whether or not the repository has it (checked with dnf 4.14: such an advisory is listed
     * by {@code dnf updateinfo list} as needed, and {@code dnf upgrade --advisory ID} then does nothing and exits 0).
     * Requiring <em>all</em> packages would hide a fix from a repository that holds only some of them (a production
     * repository promoted package by package, or one architecture of several).
     */
    public VersionAdvisories forVersion(String repository, Collection<PackageRecord> packages) {
        Map<Nevra, String> held = new LinkedHashMap<>();
        for (PackageRecord p : packages) {
            held.put(p.nevra(), p.sha256());
        }
        return new VersionAdvisories(repository, forVersion(store.list(), held));
    }

    /**
     * The selection rule of {@link #forVersion(String, Collection)} over given advisories.
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

    public Advisory get(String id) {
        return store.find(id).orElseThrow(() -> new AdvisoryNotFoundException(id));
    }

    public List<Advisory> list() {
        return store.list();
    }

    /** The id prefix of the site's advisories. */
    public String prefix() {
        return prefix;
    }

    private String nextId(Instant issued) {
        int year = issued.atZone(ZoneOffset.UTC).getYear();
        return String.format("%s:%04d:%04d", prefix, year, store.nextSequence(prefix, year));
    }

    private Advisory insert(Advisory advisory) {
        if (!store.insert(advisory)) {
            throw new AdvisoryExistsException(store.find(advisory.id()).orElse(advisory));
        }
        return advisory;
    }

    private Advisory checked(AdvisoryDraft d, Advisory old, Instant defaultIssued, Instant now) {
        AdvisoryType type = AdvisoryType.parse(d.type());
        Severity severity = Severity.parse(d.severity());
        String title = d.title() == null ? "" : d.title().strip();
        if (title.isEmpty()) {
            throw new BadRequestException("advisory title is missing: give a line such as 'Important: openssl security update'");
        }
        if (title.length() > MAX_TITLE || title.contains("\n")) {
            throw new BadRequestException("advisory title must be one line of at most " + MAX_TITLE + " characters");
        }
        Instant issued = d.issued() == null || d.issued().isBlank() ? defaultIssued : date("issued", d.issued());
        if (issued.isAfter(now.plusSeconds(86_400))) {
            throw new BadRequestException("advisory issued date " + d.issued() + " is in the future");
        }
        Instant updated = old == null ? issued : now;
        if (updated.isBefore(issued)) {
            updated = issued;
        }
        List<AdvisoryReference> references = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String cve : d.cves()) {
            String c = cve == null ? "" : cve.strip();
            if (!CVE.matcher(c).matches()) {
                throw new BadRequestException("advisory cve '" + cve + "' is not a CVE id like CVE-2026-0001");
            }
            if (seen.add(c)) {
                references.add(AdvisoryReference.cve(c));
            }
        }
        for (AdvisoryReference r : d.references()) {
            if (r.href() != null && !r.href().matches("https?://\\S+")) {
                throw new BadRequestException("advisory reference " + r.id() + ": href must be an http(s) URL, got '"
                        + r.href() + "'");
            }
            if (seen.add(r.id())) {
                references.add(r);
            }
        }
        if (d.packages().isEmpty()) {
            throw new BadRequestException("advisory packages are missing: name at least one NEVRA, like hello-1.1-1.noarch");
        }
        List<AdvisoryPackage> packages = new ArrayList<>();
        Set<Nevra> nevras = new LinkedHashSet<>();
        for (String text : d.packages()) {
            Nevra nevra = nevra(text);
            if (nevras.add(nevra)) {
                packages.add(new AdvisoryPackage(nevra, null, null, d.rebootSuggested()));
            }
        }
        return new Advisory(old == null ? null : old.id(), type, severity, "final", title, d.summary(), d.description(),
                issued, updated, from, references, packages, AdvisoryOrigin.SITE, old == null ? null : old.derivedFrom());
    }

    /** A package of an advisory; a 400 naming the field otherwise. */
    static Nevra nevra(String text) {
        try {
            return Nevra.parse(text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("advisory package: " + e.getMessage());
        }
    }

    /**
     * Reads a date of field {@code field}: {@code YYYY-MM-DD}, updateinfo's {@code YYYY-MM-DD HH:MM:SS} (UTC) or an
     * ISO instant ({@code 2026-01-10T12:00:00Z}); a 400 naming the field otherwise.
     */
    public static Instant date(String field, String text) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (t.length() == 19 && t.charAt(10) == ' ') {
                return LocalDateTime.parse(t, UPDATEINFO_DATE).toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("advisory " + field + " date '" + text + "' is not a date: give YYYY-MM-DD, "
                    + "YYYY-MM-DD HH:MM:SS (UTC) or 2026-01-10T12:00:00Z");
        }
    }
}
