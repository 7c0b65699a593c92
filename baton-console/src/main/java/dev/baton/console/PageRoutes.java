package dev.baton.console;

import dev.baton.auth.Permission;
import dev.baton.console.view.HistoryFilter;
import dev.baton.console.view.Times;
import dev.baton.console.view.Urls;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockEvent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The read-side pages, each at a stable, linkable URL whose query holds its search, sort, page and filters:
 * {@code /}, {@code /locks}, {@code /locks/{name}}, {@code /hosts}, {@code /hosts/{name}}, {@code /history} and its
 * export, and the live streams {@code /live/overview} and {@code /live/locks/{name}}.
 */
final class PageRoutes {

    private final Reads reads;
    private final SessionGate gate;
    private final Responder responder;
    private final LiveFeed live;

    PageRoutes(Reads reads, SessionGate gate, Responder responder, LiveFeed live) {
        this.reads = reads;
        this.gate = gate;
        this.responder = responder;
        this.live = live;
    }

    interface Page {
        void render(Context ctx, Viewer viewer) throws Exception;
    }

    void routes(JavalinConfig config) {
        get(config, "/", (ctx, v) -> responder.page(ctx, "overview",
                Map.of("chrome", v.chrome("overview"), "view", reads.overview())));
        get(config, "/locks", (ctx, v) -> responder.page(ctx, "locks", Map.of("chrome", v.chrome("locks"),
                "view", reads.locks(text(ctx, "q"), text(ctx, "sort"), text(ctx, "only"), text(ctx, "after")))));
        get(config, "/locks/{name}", (ctx, v) -> {
            String name = ctx.pathParam("name");
            responder.page(ctx, "lock", Map.of("chrome", v.chrome("locks"),
                    "view", reads.lockPage(name, filter(ctx, Urls.lock(name), name))));
        });
        get(config, "/hosts", (ctx, v) -> responder.page(ctx, "hosts", Map.of("chrome", v.chrome("hosts"),
                "view", reads.hosts(text(ctx, "q"), text(ctx, "state"), text(ctx, "sort"), text(ctx, "after")))));
        get(config, "/hosts/{name}", (ctx, v) -> responder.page(ctx, "host", Map.of("chrome", v.chrome("hosts"),
                "view", reads.host(ctx.pathParam("name")))));
        get(config, "/history", (ctx, v) -> responder.page(ctx, "history", Map.of("chrome", v.chrome("history"),
                "view", reads.history(filter(ctx, "/history", text(ctx, "lock"))))));
        get(config, "/history/export", this::export);
        config.routes.get("/live/overview", ctx -> stream(ctx, LiveFeed.OVERVIEW, null));
        config.routes.get("/live/locks/{name}", ctx -> stream(ctx, LiveFeed.lockTopic(ctx.pathParam("name")), ctx.pathParam("name")));
    }

    private void get(JavalinConfig config, String path, Page page) {
        viewPage(config, path, gate, responder, page);
    }

    /** A page (or a part of one) for a logged-in viewer who may view. */
    static void viewPage(JavalinConfig config, String path, SessionGate gate, Responder responder, Page page) {
        config.routes.get(path, responder.guarded(ctx -> {
            var viewer = gate.viewerOrLogin(ctx);
            if (viewer.isPresent()) {
                ConsoleAccess.require(viewer.get().principal(), Permission.VIEW, null);
                page.render(ctx, viewer.get());
            }
        }));
    }

    /**
     * An open page's stream. {@code seen} is the version (newest event id) the page was rendered at: the watcher is
     * registered first, then compared, so that no change falls between the page and its stream.
     */
    private void stream(Context ctx, String topic, String lockName) throws Exception {
        var viewer = gate.viewer(ctx);
        if (viewer.isEmpty() || !ConsoleAccess.may(viewer.get().principal(), Permission.VIEW, null)) {
            ctx.status(401).contentType("text/plain").result("log in first");
            return;
        }
        String seen = text(ctx, "seen");
        new SseHandler(client -> {
            live.watch(topic, client);
            if (!seen.equals(String.valueOf(reads.version(lockName)))) {
                live.refresh(topic); // changed between the page and its stream
            }
        }).handle(ctx);
    }

    /**
     * The whole filtered history as CSV or JSON, written to the response as it is read from the store (a page at a
     * time), so an export of a million events never sits in memory. The filters are checked before anything is sent.
     */
    private void export(Context ctx, Viewer viewer) throws IOException {
        String format = text(ctx, "format");
        HistoryFilter filter = filter(ctx, "/history", text(ctx, "lock"));
        Reads.query(filter, 1); // a bad filter is answered 400 before the download starts
        if (!format.equals("csv") && !format.equals("json")) {
            throw new BadRequestException("format must be csv or json, got '" + format + "'");
        }
        boolean csv = format.equals("csv");
        ctx.contentType(csv ? "text/csv; charset=utf-8" : "application/json")
                .header("Content-Disposition", "attachment; filename=\"baton-history." + format + "\"");
        try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8), 1 << 16)) {
            out.write(csv ? "id,at,lock,type,holder,actor,protocol,reason\r\n" : "{\"events\":[");
            boolean[] first = {true};
            reads.export(filter, e -> {
                try {
                    out.write(csv ? csvLine(e) : (first[0] ? "" : ",") + jsonObject(e));
                    first[0] = false;
                } catch (IOException failed) {
                    throw new UncheckedIOException(failed); // the viewer went away: stop reading
                }
            });
            out.write(csv ? "" : "]}");
        }
    }

    private static String csvLine(LockEvent e) {
        return e.id() + "," + Times.iso(e.at()) + "," + csv(e.lockName()) + "," + e.type().wireName() + "," + csv(e.holder())
                + "," + csv(e.actor()) + "," + (e.protocol() == null ? "" : e.protocol().wireName()) + "," + csv(e.reason()) + "\r\n";
    }

    private static String jsonObject(LockEvent e) {
        return "{\"id\":" + e.id() + ",\"at\":" + str(Times.iso(e.at())) + ",\"lock\":" + str(e.lockName())
                + ",\"type\":" + str(e.type().wireName()) + ",\"holder\":" + str(e.holder()) + ",\"actor\":" + str(e.actor())
                + ",\"protocol\":" + str(e.protocol() == null ? null : e.protocol().wireName()) + ",\"reason\":" + str(e.reason()) + "}";
    }

    static HistoryFilter filter(Context ctx, String base, String lock) {
        String before = text(ctx, "before");
        Long beforeId;
        try {
            beforeId = before.isEmpty() ? null : Long.parseLong(before);
        } catch (NumberFormatException e) {
            throw new BadRequestException("before must be an event id (a number), got '" + before + "'");
        }
        return new HistoryFilter(base, lock, text(ctx, "type"), text(ctx, "holder"), text(ctx, "protocol"),
                text(ctx, "from"), text(ctx, "to"), beforeId);
    }

    static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? "" : v.strip();
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        // A leading = + - @ would be read as a formula by a spreadsheet.
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String str(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
