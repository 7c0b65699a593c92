package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import dev.baton.auth.Permission;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.EventPage;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockReader;
import dev.baton.lock.Names;
import dev.baton.lock.Protocol;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The history under {@code /api/v3/events} (the fleet's) and {@code /api/v3/locks/{name}/events} (one lock's; 404
 * when there is no such lock), for anyone signed in. Filters, each optional: {@code type} (repeated or
 * comma-separated), {@code holder}, {@code protocol}, {@code from} and {@code to} (ISO-8601 UTC), and on the fleet's
 * {@code lock}. Pages of {@code limit} (default 50), newest first; {@code before} is the previous page's
 * {@code next_before}. With {@code format=csv} the answer is every matching event (from {@code before} on, not one
 * page) as CSV, streamed a thousand rows at a time.
 */
final class EventsApi {

    private static final int DEFAULT_LIMIT = 50;
    private static final String CSV_HEADER = "id,at,lock,type,holder,actor,protocol,reason\r\n";

    private final LockReader reader;
    private final HolderGate gate;

    EventsApi(LockReader reader, HolderGate gate) {
        this.reader = reader;
        this.gate = gate;
    }

    void routes(JavalinConfig config) {
        config.routes.get(NativeApi.PREFIX + "/locks/{name}/events", ctx -> events(ctx, Names.lockName(ctx.pathParam("name"))));
        config.routes.get(NativeApi.PREFIX + "/events", ctx -> events(ctx, null));
    }

    private void events(Context ctx, String lockName) {
        gate.require(ctx, Permission.VIEW, lockName);
        String format = ctx.queryParam("format");
        boolean csv = "csv".equals(format);
        if (format != null && !csv && !"json".equals(format)) {
            throw new BadRequestException("query parameter 'format' must be json or csv");
        }
        EventQuery query = query(ctx, lockName, csv);
        if (csv) {
            if (lockName != null && reader.show(lockName).isEmpty()) {
                throw Answers.noSuchLock(lockName);
            }
            exportCsv(ctx, query);
            return;
        }
        EventPage page = reader.history(query);
        // A lock has at least its creation event until the retention deletes it: only an empty page needs a look.
        if (lockName != null && page.events().isEmpty() && reader.show(lockName).isEmpty()) {
            throw Answers.noSuchLock(lockName);
        }
        Answers.ok(ctx, LockJson.events(page));
    }

    /** The query the parameters name; every bad parameter is refused with its name and what it must be. */
    static EventQuery query(Context ctx, String pathLock, boolean export) {
        String lock = pathLock;
        if (lock == null && notBlank(ctx.queryParam("lock"))) {
            lock = Names.lockName(ctx.queryParam("lock"));
        }
        String holder = notBlank(ctx.queryParam("holder")) ? ctx.queryParam("holder") : null;
        int size = export ? EventQuery.MAX_LIMIT : Answers.queryLimit(ctx, DEFAULT_LIMIT);
        return new EventQuery(lock, Answers.queryEnums(ctx, "type", EventType.class), holder,
                Answers.queryEnum(ctx, "protocol", Protocol.class), time(ctx, "from"), time(ctx, "to"),
                Answers.queryLong(ctx, "before"), size);
    }

    private void exportCsv(Context ctx, EventQuery query) {
        ctx.status(200).contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"baton-events.csv\"");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 64 * 1024)) {
            out.write(CSV_HEADER);
            reader.export(query, e -> {
                try {
                    out.write(csvRow(e));
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // The client went away in the middle of the export; nobody is left to answer.
        }
    }

    /** One event as a CSV row (RFC 4180): fields with a comma, a quote or a line break are quoted, quotes doubled. */
    static String csvRow(LockEvent e) {
        List<String> fields = List.of(Long.toString(e.id()), Json.time(e.at()), text(e.lockName()), e.type().wireName(),
                text(e.holder()), text(e.actor()), e.protocol().wireName(), text(e.reason()));
        StringBuilder row = new StringBuilder(128);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                row.append(',');
            }
            row.append(csvField(fields.get(i)));
        }
        return row.append("\r\n").toString();
    }

    static String csvField(String value) {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static Instant time(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (!notBlank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new BadRequestException("query parameter '" + name + "' must be an ISO-8601 UTC time such as "
                    + "2026-12-01T00:00:00Z");
        }
    }
}
