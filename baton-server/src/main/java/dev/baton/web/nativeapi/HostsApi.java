package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.hosts.FleetHosts;
import dev.baton.hosts.Host;
import dev.baton.hosts.HostNotFoundException;
import dev.baton.hosts.HostRegistry;
import dev.baton.hosts.HostPage;
import dev.baton.hosts.HostQuery;
import dev.baton.hosts.HostState;
import dev.baton.hosts.HostSummary;
import dev.baton.hosts.SeenHost;
import dev.baton.lock.BadRequestException;
import dev.baton.progress.ProgressService;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host registry in the native API, under {@code /api/v3/hosts}: list and show ({@link Permission#VIEW}), add, remove
 * and add an alias ({@link Permission#MANAGE_HOSTS}), allow and deny update locks ({@link Permission#OPERATE_LOCKS});
 * each change is recorded in the audit trail. In {@code openapi.json}.
 *
 * <p>List and show cover every host the server has heard of, not only registered ones: a host that called through
 * any door, or whose agent reported progress, is listed with {@code "registered": false}. Each entry carries its
 * last check-in, its last call per door ({@code check_ins}) and its agent's last report ({@code last_report}, or null).
 *
 * <p>With any of {@code query}, {@code state}, {@code sort}, {@code after} or {@code limit} the list is a page of
 * {@link FleetHosts}: each host with its {@code state}, {@code holds} and {@code waits}, then {@code next} (the
 * cursor of the next page) and {@code total}. {@code GET /api/v3/hosts/states} counts the hosts per state.
 */
final class HostsApi {

    private static final Logger log = LoggerFactory.getLogger(HostsApi.class);
    private static final String PATH = NativeApi.PREFIX + "/hosts";

    private final HostRegistry hosts;
    private final ProgressService progress;
    private final FleetHosts fleet;
    private final HolderGate gate;
    private final AuditLog audit;

    HostsApi(HostRegistry hosts, ProgressService progress, FleetHosts fleet, HolderGate gate, AuditLog audit) {
        this.hosts = hosts;
        this.progress = progress;
        this.fleet = fleet;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(PATH, this::list);
        r.get(PATH + "/states", this::states); // before {name}: a host named "states" is shown by an alias
        r.post(PATH, this::add);
        r.get(PATH + "/{name}", this::show);
        r.delete(PATH + "/{name}", this::remove);
        r.post(PATH + "/{name}/aliases", this::addAlias);
        r.post(PATH + "/{name}/allow", ctx -> setCanAcquire(ctx, true));
        r.post(PATH + "/{name}/deny", ctx -> setCanAcquire(ctx, false));
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        if (PAGE_PARAMETERS.stream().anyMatch(p -> ctx.queryParam(p) != null)) {
            page(ctx);
            return;
        }
        ObjectNode body = Json.object();
        var array = body.putArray("hosts");
        hosts.overview(progress.fleet()).forEach(h -> array.add(json(h)));
        ok(ctx, 200, body);
    }

    /** Asking for any of these gets a page of the host list with states; asking for none, every host as before. */
    private static final List<String> PAGE_PARAMETERS = List.of("query", "state", "sort", "after", "limit");

    /** A page of hosts with their states: {@code {"hosts":[...],"next":cursor|null,"total":n}}. */
    private void page(Context ctx) {
        HostQuery.Sort sort = Answers.queryEnum(ctx, "sort", HostQuery.Sort.class);
        HostPage page = fleet.page(new HostQuery(ctx.queryParam("query"), Answers.queryEnums(ctx, "state", HostState.class),
                sort, ctx.queryParam("after"), Answers.queryLimit(ctx, 50)));
        ObjectNode body = Json.object();
        var array = body.putArray("hosts");
        page.hosts().forEach(h -> array.add(json(h)));
        body.put("next", page.next()).put("total", page.total());
        ok(ctx, 200, body);
    }

    /** How many hosts are in each state: {@code {"states":{"idle":n,...},"total":n}}. */
    private void states(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        ObjectNode body = Json.object();
        ObjectNode counts = body.putObject("states");
        int total = 0;
        for (Map.Entry<HostState, Integer> e : fleet.counts().entrySet()) {
            counts.put(e.getKey().wireName(), e.getValue());
            total += e.getValue();
        }
        body.put("total", total);
        ok(ctx, 200, body);
    }

    /** A host of the paged list: as {@link #json(SeenHost)}, with its state, the locks it holds and waits for. */
    static ObjectNode json(HostSummary h) {
        ObjectNode o = json(h.host()).put("state", h.state().wireName()).put("last_seen", Json.time(h.lastSeen()));
        h.holds().forEach(o.putArray("holds")::add);
        h.waits().forEach(o.putArray("waits")::add);
        return o;
    }

    /** A registered host by name or alias, else a host seen under that name; with its state, holds and waits. */
    private void show(Context ctx) {
        String name = ctx.pathParam("name");
        gate.require(ctx, Permission.VIEW, name);
        HostSummary host = fleet.host(name).orElseThrow(() -> new HostNotFoundException(name));
        ok(ctx, 200, json(host));
    }

    private void add(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.MANAGE_HOSTS);
        ObjectNode body = Json.parseObject(ctx.body());
        Access.require(caller, Permission.MANAGE_HOSTS, Json.text(body, "name"));
        List<String> aliases = new ArrayList<>();
        JsonNode node = body.get("aliases");
        if (node != null && !node.isNull()) {
            if (!node.isArray()) {
                throw new BadRequestException("'aliases' must be a list of strings");
            }
            for (JsonNode a : node) {
                if (!a.isTextual()) {
                    throw new BadRequestException("'aliases' must be a list of strings");
                }
                aliases.add(a.asText());
            }
        }
        String name = Json.text(body, "name");
        Host host = hosts.add(name, aliases, audit.draft(ctx, caller, "host.add", name.toLowerCase(java.util.Locale.ROOT),
                Json.optionalText(body, "reason"), aliases.isEmpty() ? null : "aliases=" + String.join(",", aliases)));
        log.info("host {} (aliases {}) added by {}", host.name(), host.aliases(), caller.name());
        ok(ctx, 201, json(host));
    }

    private void remove(Context ctx) {
        String name = ctx.pathParam("name");
        Principal caller = gate.require(ctx, Permission.MANAGE_HOSTS, name);
        hosts.remove(name, audit.draft(ctx, caller, "host.remove", name.toLowerCase(java.util.Locale.ROOT), null, null));
        log.info("host {} removed by {}", name, caller.name());
        ok(ctx, 200, Json.object().put("removed", true).put("name", name.toLowerCase(java.util.Locale.ROOT)));
    }

    private void addAlias(Context ctx) {
        String name = ctx.pathParam("name");
        Principal caller = gate.require(ctx, Permission.MANAGE_HOSTS, name);
        String alias = Json.text(Json.parseObject(ctx.body()), "alias");
        hosts.addAlias(name, alias, audit.draft(ctx, caller, "host.add_alias", name.toLowerCase(java.util.Locale.ROOT), null,
                "alias=" + alias));
        ok(ctx, 200, json(hosts.find(name).orElseThrow(() -> new HostNotFoundException(name))));
    }

    private void setCanAcquire(Context ctx, boolean allowed) {
        Principal caller = gate.require(ctx, Permission.OPERATE_LOCKS, ctx.pathParam("name"));
        String name = ctx.pathParam("name");
        Host host = hosts.setCanAcquire(name, allowed, audit.draft(ctx, caller, allowed ? "host.allow" : "host.deny",
                hosts.find(name).map(Host::name).orElse(name), Json.optionalText(Json.parseObject(ctx.body()), "reason"), null));
        log.info("host {} {} update locks by {}", host.name(), allowed ? "may take" : "may not take", caller.name());
        ok(ctx, 200, json(host));
    }

    static ObjectNode json(SeenHost s) {
        ObjectNode o = s.registered().map(HostsApi::json).orElseGet(() -> {
            ObjectNode unregistered = Json.object().putNull("id").put("name", s.name()).put("registered", false);
            unregistered.putArray("aliases");
            return unregistered.putNull("can_acquire_update_locks").putNull("created_at");
        });
        o.put("last_check_in", Json.time(s.lastCheckIn())).put("last_protocol", s.lastProtocol());
        checkIns(o, s.checkIns());
        if (s.lastReport() == null) {
            o.putNull("last_report");
        } else {
            o.set("last_report", ReportsApi.json(s.lastReport()));
        }
        return o;
    }

    static ObjectNode json(Host h) {
        ObjectNode o = Json.object().put("id", h.id()).put("name", h.name()).put("registered", true);
        var aliases = o.putArray("aliases");
        h.aliases().forEach(aliases::add);
        o.put("can_acquire_update_locks", h.canAcquireUpdateLocks())
                .put("created_at", Json.time(h.createdAt()))
                .put("last_check_in", Json.time(h.lastCheckIn()))
                .put("last_protocol", h.lastProtocol());
        checkIns(o, h.checkIns());
        return o;
    }

    /** {@code "check_ins": {"foreman": "2026-...Z", "native": ...}}: the last call through each door, by door. */
    private static void checkIns(ObjectNode o, java.util.Map<String, java.time.Instant> checkIns) {
        ObjectNode doors = o.putObject("check_ins");
        checkIns.forEach((door, at) -> doors.put(door, Json.time(at)));
    }

    private static void ok(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
