package dev.baton.pipeline.advisory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.notify.Notice;
import dev.baton.notify.NotificationKinds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The announcement of an advisory published into a repository: a mail subject and body, and a webhook JSON body,
 * rendered from templates the site can edit (see {@link Template} for the syntax: {@code {{id}}},
 * {@code {{#packages}}{{nevra}}{{/packages}}}, nothing that runs code).
 *
 * <p>Built-in defaults are used unless the directory given at start holds {@value #SUBJECT}, {@value #BODY} or
 * {@value #WEBHOOK} (each file replaces its default alone). Templates are checked when loaded: an unknown name or an
 * unclosed section fails at start naming the file and line, and the webhook template must render valid JSON for a
 * sample advisory. Values in the webhook template are JSON string-escaped, so a title with quotes cannot break it.
 *
 * <p>Names: {@code id type severity title summary description issued updated from repository derived_from};
 * sections {@code packages} ({@code nevra name epoch version release arch filename sha256 reboot_suggested}),
 * {@code cves} ({@code id href}), {@code references} ({@code id type href title}); in each item {@code first} and
 * {@code last} (booleans, for separators).
 *
 * <p>Notices of kind {@value #KIND} carry the mail subject as title and the mail body as body; register the kind
 * with {@link #registerKind} so that rules can subscribe to it.
 */
public final class AdvisoryAnnouncement {

    /** The notification kind of a published advisory. */
    public static final String KIND = "advisory.published";
    public static final String SUBJECT = "advisory-mail-subject.txt";
    public static final String BODY = "advisory-mail-body.txt";
    public static final String WEBHOOK = "advisory-webhook.json";

    private static final Set<String> NAMES = Set.of("id", "type", "severity", "title", "summary", "description", "issued",
            "updated", "from", "repository", "derived_from", "packages", "nevra", "name", "epoch", "version", "release",
            "arch", "filename", "sha256", "reboot_suggested", "cves", "references", "href", "first", "last");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UnaryOperator<String> PLAIN = s -> s;
    private static final UnaryOperator<String> JSON_STRING = s -> new String(JsonStringEncoder.getInstance().quoteAsString(s));

    /** What goes out: a mail's subject (one line) and body, and a webhook's JSON body. */
    public record Rendered(String subject, String body, String webhookJson) {
    }

    private final Template subject;
    private final Template body;
    private final Template webhook;

    private AdvisoryAnnouncement(Template subject, Template body, Template webhook) {
        this.subject = subject;
        this.body = body;
        this.webhook = webhook;
    }

    /**
     * The templates: built-in, each replaced by its file in {@code directory} when there is one.
     *
     * @param directory the site's template directory, or {@code null} for the defaults
     * @throws IllegalArgumentException a template is wrong; the message names the file, the line and what to do
     */
    public static AdvisoryAnnouncement load(Path directory) {
        AdvisoryAnnouncement a = new AdvisoryAnnouncement(template(directory, SUBJECT), template(directory, BODY),
                template(directory, WEBHOOK));
        // A webhook template must render JSON for every advisory, not only for one: its sections repeat or vanish
        // with the advisory's lists and optional values, so it is rendered for each shape here, at start.
        for (Advisory sample : SAMPLES) {
            try {
                a.render(sample, "sample-repository");
            } catch (IllegalStateException e) {
                Path file = directory == null ? null : directory.resolve(WEBHOOK);
                throw new IllegalArgumentException((file != null && Files.isRegularFile(file) ? file.toString()
                        : "the built-in " + WEBHOOK) + " does not render JSON for an advisory with " + shape(sample)
                        + " (" + e.getCause().getMessage().lines().findFirst().orElse("") + "): fix the template. "
                        + "Values are put in JSON-escaped, so quote each {{name}} that is text, and separate list items "
                        + "with {{^last}},{{/last}}", e);
            }
        }
        return a;
    }

    /** Advisories of every shape a template meets: one of each list, several of each, none and nothing optional. */
    private static final List<Advisory> SAMPLES = List.of(
            new Advisory("SITE-SA:2026:0001", AdvisoryType.SECURITY, Severity.IMPORTANT, "final", "A \"sample\" title",
                    "a summary", "a description", Instant.EPOCH, null, "site@example.org",
                    List.of(AdvisoryReference.cve("CVE-2026-0001")), List.of(sample("hello-1.1-1.noarch")),
                    AdvisoryOrigin.SITE, null),
            new Advisory("SITE-SA:2026:0002", AdvisoryType.SECURITY, Severity.CRITICAL, "final", "Several of each",
                    "a summary", "a description\nover lines", Instant.EPOCH, Instant.EPOCH.plusSeconds(86400),
                    "site@example.org", List.of(AdvisoryReference.cve("CVE-2026-0002"),
                            AdvisoryReference.cve("CVE-2026-0003"), new AdvisoryReference(
                                    "https://bugzilla.example.org/1", "1", AdvisoryReference.Type.BUGZILLA, "a bug")),
                    List.of(sample("hello-1.2-1.noarch"), sample("hello-libs-1.2-1.x86_64"),
                            sample("openssl-1:3.0.7-18.el9.x86_64")), AdvisoryOrigin.SITE, "RHSA-2026:0001"),
            new Advisory("SITE-SA:2026:0003", AdvisoryType.ENHANCEMENT, null, "final", "Nothing optional", null, null,
                    Instant.EPOCH, null, null, List.of(), List.of(), AdvisoryOrigin.SITE, null));

    private static AdvisoryPackage sample(String nevra) {
        return AdvisoryPackage.of(dev.baton.pipeline.rpm.Nevra.parse(nevra));
    }

    private static String shape(Advisory a) {
        return count(a.packages().size(), "package") + ", " + count(a.cves().size(), "CVE") + ", "
                + count(a.references().size(), "reference") + (a.severity() == null ? ", no severity" : "")
                + (a.derivedFrom() == null ? "" : ", derived from an upstream advisory");
    }

    private static String count(int n, String what) {
        return (n == 0 ? "no" : String.valueOf(n)) + " " + what + (n == 1 ? "" : "s");
    }

    /** Adds {@value #KIND} to the kinds rules may subscribe to. */
    public static void registerKind(NotificationKinds kinds) {
        kinds.register(KIND, "an advisory was published into a repository (mail and webhook from the site's templates)");
    }

    /**
     * Renders the announcement of {@code advisory} published into {@code repository}.
     *
     * @throws IllegalStateException the webhook template rendered something that is not JSON
     */
    public Rendered render(Advisory advisory, String repository) {
        Map<String, Object> values = values(advisory, repository);
        String line = subject.render(values, PLAIN).strip().replaceAll("\\s*\n\\s*", " ");
        String json = webhook.render(values, JSON_STRING);
        try {
            JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the webhook template " + WEBHOOK + " did not render JSON ("
                    + e.getOriginalMessage() + "): fix the template in the site's template directory", e);
        }
        return new Rendered(line, body.render(values, PLAIN), json);
    }

    /**
     * The notice that the notification rules deliver: kind {@value #KIND}, the repository as subject, the mail
     * text as title and body (what mail channels send), and the rendered webhook JSON as its webhook body (what web
     * hook channels post, exactly).
     */
    public Notice notice(Advisory advisory, String repository, Instant at) {
        Rendered r = render(advisory, repository);
        String title = r.subject().length() > 200 ? r.subject().substring(0, 199) + "…" : r.subject();
        return new Notice(KIND, repository, title, r.body(), KIND + ":" + repository + ":" + advisory.id(), at,
                r.webhookJson());
    }

    private static Map<String, Object> values(Advisory a, String repository) {
        Map<String, Object> v = new HashMap<>();
        v.put("id", a.id());
        v.put("type", a.type().wireName());
        v.put("severity", a.severity() == null ? null : a.severity().wireName());
        v.put("title", a.title());
        v.put("summary", a.summary());
        v.put("description", a.description());
        v.put("issued", Advisories.UPDATEINFO_DATE.format(a.issued().atZone(ZoneOffset.UTC)));
        v.put("updated", Advisories.UPDATEINFO_DATE.format(a.updated().atZone(ZoneOffset.UTC)));
        v.put("from", a.from());
        v.put("repository", repository);
        v.put("derived_from", a.derivedFrom());
        List<Map<String, Object>> packages = new ArrayList<>();
        for (AdvisoryPackage p : a.packages()) {
            Map<String, Object> m = new HashMap<>();
            m.put("nevra", p.nevra().toString());
            m.put("name", p.nevra().name());
            m.put("epoch", String.valueOf(p.nevra().epoch()));
            m.put("version", p.nevra().version());
            m.put("release", p.nevra().release());
            m.put("arch", p.nevra().arch());
            m.put("filename", p.filename());
            m.put("sha256", p.sha256());
            m.put("reboot_suggested", p.rebootSuggested());
            packages.add(m);
        }
        v.put("packages", positioned(packages));
        List<Map<String, Object>> cves = new ArrayList<>();
        List<Map<String, Object>> references = new ArrayList<>();
        for (AdvisoryReference r : a.references()) {
            Map<String, Object> m = new HashMap<>();
            m.put("id", r.id());
            m.put("type", r.type().wireName());
            m.put("href", r.href());
            m.put("title", r.title());
            references.add(m);
            if (r.type() == AdvisoryReference.Type.CVE) {
                cves.add(new HashMap<>(m));
            }
        }
        v.put("cves", positioned(cves));
        v.put("references", positioned(references));
        return v;
    }

    private static List<Map<String, Object>> positioned(List<Map<String, Object>> items) {
        for (int i = 0; i < items.size(); i++) {
            items.get(i).put("first", i == 0);
            items.get(i).put("last", i == items.size() - 1);
        }
        return items;
    }

    private static Template template(Path directory, String name) {
        Path file = directory == null ? null : directory.resolve(name);
        try {
            if (file != null && Files.isRegularFile(file)) {
                return Template.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), NAMES);
            }
            try (InputStream in = AdvisoryAnnouncement.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in template " + name + " is missing from the jar");
                }
                return Template.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + name, NAMES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the announcement template " + (file == null ? name : file), e);
        }
    }
}
