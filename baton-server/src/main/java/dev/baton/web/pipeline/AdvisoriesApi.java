package dev.baton.web.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.AdvisoryDraft;
import dev.baton.pipeline.advisory.AdvisoryPackage;
import dev.baton.pipeline.advisory.AdvisoryReference;
import dev.baton.pipeline.advisory.AdvisoryType;
import dev.baton.pipeline.advisory.CsafReader;
import dev.baton.pipeline.advisory.Severity;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.web.Answers;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Advisories: {@code GET /api/v3/advisories?type=&severity=&origin=} and {@code GET /api/v3/advisories/{id}}
 * ({@link Permission#VIEW}); {@code POST /api/v3/advisories} (create a site advisory, the next id),
 * {@code PUT /api/v3/advisories/{id}} (change one), {@code POST /api/v3/advisories/derive} (a site advisory from an
 * upstream one and the site's rebuilds) and {@code POST /api/v3/advisories/import-csaf} (a CSAF 2.0 document,
 * recorded as upstream), each {@link Permission#MANAGE_RELEASES} and audited ({@code advisory.create},
 * {@code advisory.update}, {@code advisory.derive}, {@code advisory.import}).
 */
final class AdvisoriesApi {

    static final String PATH = "/api/v3/advisories";
    /** What a site rebuild's release suffix may be: rpm release characters, no dash. */
    private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9._+~^]{1,40}");
    private static final Pattern REMOTE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The upstream "remote" of a CSAF document posted by a person rather than read by a sync. */
    static final String CSAF_IMPORT = "csaf-import";

    private final Advisories advisories;
    private final Packages packages;
    private final HolderGate gate;
    private final AuditLog audit;

    AdvisoriesApi(Advisories advisories, Packages packages, HolderGate gate, AuditLog audit) {
        this.advisories = advisories;
        this.packages = packages;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        config.routes.get(PATH, this::list);
        config.routes.post(PATH, this::create);
        config.routes.post(PATH + "/derive", this::derive);
        config.routes.post(PATH + "/import-csaf", this::importCsaf);
        config.routes.get(PATH + "/{id}", this::show);
        config.routes.put(PATH + "/{id}", this::update);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        String type = blankToNull(ctx.queryParam("type"));
        AdvisoryType wantedType = type == null ? null : AdvisoryType.parse(type);
        String severity = blankToNull(ctx.queryParam("severity"));
        Severity wantedSeverity = severity == null ? null : Severity.parse(severity);
        String origin = blankToNull(ctx.queryParam("origin"));
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("advisories");
        for (Advisory a : advisories.list()) {
            if ((wantedType == null || a.type() == wantedType)
                    && (severity == null || a.severity() == wantedSeverity)
                    && (origin == null || origin(a, origin))) {
                array.add(json(a));
            }
        }
        Answers.ok(ctx, body);
    }

    /** {@code site}, {@code upstream}, or the name of the remote an upstream advisory came from. */
    private static boolean origin(Advisory a, String origin) {
        return switch (origin) {
            case "site" -> a.origin().site();
            case "upstream" -> !a.origin().site();
            default -> origin.equals(a.origin().remote());
        };
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        Answers.ok(ctx, json(advisories.get(ctx.pathParam("id"))));
    }

    private void create(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        Advisory created = advisories.create(draft(Json.parseObject(ctx.body())), caller.name());
        audit.record(ctx, caller, "advisory.create", created.id(), null, "title=" + created.title());
        Answers.answer(ctx, 201, json(created));
    }

    private void update(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        Advisory changed = advisories.update(ctx.pathParam("id"), draft(Json.parseObject(ctx.body())), caller.name());
        audit.record(ctx, caller, "advisory.update", changed.id(), null, "title=" + changed.title());
        Answers.ok(ctx, json(changed));
    }

    private void derive(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        JsonNode body = Json.parseObject(ctx.body());
        String upstreamId = Json.text(body, "upstream_id").strip();
        String suffix = Json.text(body, "release_suffix").strip();
        if (!SUFFIX.matcher(suffix).matches()) {
            throw new BadRequestException("release_suffix must be what the site appends to a release, like .site "
                    + "(letters, digits, '.', '_', '+', '~', '^'; no dash), got '" + suffix + "'");
        }
        Advisory upstream = advisories.get(upstreamId);
        if (upstream.origin().site()) {
            throw new BadRequestException("advisory " + upstreamId + " is a site advisory: derive from an upstream one "
                    + "(./baton advisory list --origin upstream shows them)");
        }
        Advisory derived = advisories.derive(upstream, nevra -> siteRebuild(nevra, suffix), caller.name());
        audit.record(ctx, caller, "advisory.derive", derived.id(), null, "from=" + upstreamId);
        Answers.answer(ctx, 201, json(derived));
    }

    /** The site's rebuild of an upstream package, when the site has a file of it. */
    private Optional<AdvisoryPackage> siteRebuild(Nevra upstream, String suffix) {
        Nevra rebuild = Advisories.siteRelease(upstream, suffix);
        return packages.files(rebuild).isEmpty() ? Optional.empty() : Optional.of(AdvisoryPackage.of(rebuild));
    }

    private void importCsaf(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_RELEASES);
        String remote = blankToNull(ctx.queryParam("remote"));
        if (remote == null) {
            remote = CSAF_IMPORT;
        } else if (!REMOTE.matcher(remote).matches()) {
            throw new BadRequestException("remote must be a name (letters, digits, '.', '_', '-'), got '" + remote + "'");
        }
        Advisory read = CsafReader.read(new ByteArrayInputStream(ctx.bodyAsBytes()), "the CSAF document", remote);
        Advisory recorded = advisories.recordUpstream(read);
        audit.record(ctx, caller, "advisory.import", recorded.id(), null, "remote=" + remote);
        Answers.ok(ctx, json(recorded));
    }

    private static AdvisoryDraft draft(JsonNode body) {
        List<AdvisoryReference> references = new ArrayList<>();
        JsonNode refs = body.get("references");
        if (refs != null && !refs.isNull()) {
            if (!refs.isArray()) {
                throw new BadRequestException("'references' must be a list of URLs or of {href, id, type, title}");
            }
            for (JsonNode r : refs) {
                references.add(reference(r));
            }
        }
        JsonNode reboot = body.get("reboot_suggested");
        if (reboot != null && !reboot.isNull() && !reboot.isBoolean()) {
            throw new BadRequestException("'reboot_suggested' must be true or false");
        }
        return new AdvisoryDraft(Json.optionalText(body, "type"), Json.optionalText(body, "severity"),
                Json.optionalText(body, "title"), Json.optionalText(body, "summary"), Json.optionalText(body, "description"),
                Json.optionalText(body, "issued"), strings(body, "cves"), references, strings(body, "packages"),
                reboot != null && reboot.asBoolean());
    }

    /** A reference: a URL (type other, the URL its id) or an object. */
    private static AdvisoryReference reference(JsonNode r) {
        if (r.isTextual()) {
            return new AdvisoryReference(r.asText().strip(), r.asText(), AdvisoryReference.Type.OTHER, null);
        }
        if (!r.isObject()) {
            throw new BadRequestException("a reference must be a URL or an object {href, id, type, title}");
        }
        String href = Json.optionalText(r, "href");
        String id = Json.optionalText(r, "id");
        return new AdvisoryReference(href, id == null ? href : id, AdvisoryReference.Type.parse(Json.optionalText(r, "type")),
                Json.optionalText(r, "title"));
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new BadRequestException("'" + field + "' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new BadRequestException("'" + field + "' must be a list of strings, got " + item);
            }
            out.add(item.asText());
        }
        return out;
    }

    static ObjectNode json(Advisory a) {
        ObjectNode o = Json.object().put("id", a.id()).put("type", a.type().wireName())
                .put("severity", a.severity() == null ? null : a.severity().wireName()).put("status", a.status())
                .put("title", a.title()).put("summary", a.summary()).put("description", a.description())
                .put("issued", Json.time(a.issued())).put("updated", Json.time(a.updated())).put("from", a.from())
                .put("origin", a.origin().site() ? "site" : "upstream").put("remote", a.origin().remote())
                .put("derived_from", a.derivedFrom());
        ArrayNode cves = o.putArray("cves");
        a.cves().forEach(cves::add);
        ArrayNode references = o.putArray("references");
        for (AdvisoryReference r : a.references()) {
            references.addObject().put("id", r.id()).put("type", r.type().wireName()).put("href", r.href())
                    .put("title", r.title());
        }
        ArrayNode packageList = o.putArray("packages");
        for (AdvisoryPackage p : a.packages()) {
            packageList.addObject().put("nevra", p.nevra().toString()).put("filename", p.filename())
                    .put("sha256", p.sha256()).put("reboot_suggested", p.rebootSuggested());
        }
        return o;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
