package dev.baton.web.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.VersionSummary;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.web.Json;
import java.util.ArrayList;
import java.util.List;

/** The JSON of repositories, versions, package files and their state events, shared by the pipeline's routes. */
final class PipelineJson {

    private PipelineJson() {
    }

    static ObjectNode repository(Repository r) {
        return Json.object().put("name", r.name()).put("description", r.description()).put("sign_with", r.signWith())
                .put("requires_tested", r.requiresTested()).put("keep_publications", r.keepPublications())
                .put("production", r.production());
    }

    static ObjectNode version(VersionSummary v) {
        return Json.object().put("number", v.number()).put("created_at", Json.time(v.createdAt()))
                .put("actor", v.actor()).put("reason", v.reason()).put("package_count", v.packageCount());
    }

    static ObjectNode file(PackageRecord p) {
        return Json.object().put("id", p.id()).put("nevra", p.nevra().toString()).put("name", p.nevra().name())
                .put("epoch", p.nevra().epoch()).put("version", p.nevra().version())
                .put("release", p.nevra().release()).put("arch", p.nevra().arch()).put("sha256", p.sha256())
                .put("size", p.size()).put("origin", p.origin().name().toLowerCase(java.util.Locale.ROOT))
                .put("signed_from", p.signedFrom()).put("signed_by_key_id", p.signedByKeyId())
                .put("remote", p.remote());
    }

    static ArrayNode files(List<PackageRecord> records) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        records.forEach(p -> array.add(file(p)));
        return array;
    }

    static ObjectNode event(PackageEvent e) {
        return Json.object().put("id", e.id()).put("package_id", e.packageId()).put("repository", e.repository())
                .put("state", e.state().name()).put("actor", e.actor()).put("reason", e.reason())
                .put("at", Json.time(e.at()));
    }

    static ArrayNode events(List<PackageEvent> events) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        events.forEach(e -> array.add(event(e)));
        return array;
    }

    /** An optional array of strings; empty when absent. */
    static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new BadRequestException("'" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new BadRequestException("'" + field + "' must be an array of non-empty strings");
            }
            out.add(item.asText().strip());
        }
        return out;
    }

    static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new BadRequestException("'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    static Nevra nevra(String text) {
        try {
            return Nevra.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'" + text + "' is not a NEVRA (name-[epoch:]version-release.arch, e.g. "
                    + "hello-1.0-1.noarch): " + e.getMessage());
        }
    }

    static List<Nevra> nevras(List<String> texts) {
        return texts.stream().map(PipelineJson::nevra).toList();
    }

    /** The reason of a change: the one given, or what the change says of itself. */
    static String reason(JsonNode body, String otherwise) {
        String reason = Json.optionalText(body, "reason");
        return reason == null || reason.isBlank() ? otherwise : reason;
    }
}
