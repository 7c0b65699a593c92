package dev.baton.web.jump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpGroups;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpRunExistsException;
import dev.baton.jump.run.JumpRuns;
import dev.baton.jump.run.JumpStep;
import dev.baton.lock.BadRequestException;
import dev.baton.web.Answers;
import dev.baton.web.ApiError;
import dev.baton.web.AuditLog;
import dev.baton.web.ErrorShape;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Jump runs: {@code POST /api/v3/jump/runs} starts one (202 with the run; 400 naming every problem of the recipe, the
 * hosts or the options; 409 when the name is taken), {@code GET /api/v3/jump/runs} lists them newest first,
 * {@code GET /api/v3/jump/runs/{name}} shows one with its hosts, {@code GET .../hosts/{host}/log} a host's lines with
 * their output, {@code POST .../hosts/{host}/retry|skip} an operator's decision for a failed or interrupted host
 * (202; 409 when the host waits for none), {@code POST .../abort} aborts an active run (202; 409 when it ended).
 * Changes need {@link Permission#OPERATE_JUMPS} and are audited ({@code jump.run}, {@code jump.retry},
 * {@code jump.skip}, {@code jump.abort}); reads need {@link Permission#VIEW}.
 */
public final class JumpApi {

    static final String PREFIX = "/api/v3/jump/runs";
    static final String GROUPS = "/api/v3/jump/groups";

    private final JumpRuns runs;
    private final HolderGate gate;
    private final AuditLog audit;

    public JumpApi(JumpRuns runs, HolderGate gate, AuditLog audit) {
        this.runs = runs;
        this.gate = gate;
        this.audit = audit;
    }

    public WebApp.Door door() {
        return new WebApp.Door(List.of(), ErrorShape.NATIVE, this::routes);
    }

    void routes(JavalinConfig config) {
        config.routes.exception(JumpRunExistsException.class, (e, ctx) -> ctx.status(409).contentType("application/json")
                .result(ErrorShape.NATIVE.body(409, "conflict", e.getMessage())));
        config.routes.post(PREFIX, this::start);
        config.routes.get(PREFIX, this::list);
        config.routes.get(PREFIX + "/{name}", this::show);
        config.routes.get(PREFIX + "/{name}/hosts/{host}/log", this::log);
        config.routes.post(PREFIX + "/{name}/hosts/{host}/retry", ctx -> decide(ctx, Decision.RETRY));
        config.routes.post(PREFIX + "/{name}/hosts/{host}/skip", ctx -> decide(ctx, Decision.SKIP));
        config.routes.post(PREFIX + "/{name}/abort", this::abort);
        config.routes.get(GROUPS + "/{name}", this::group);
    }

    private void start(Context ctx) {
        Principal caller = gate.require(ctx, Permission.OPERATE_JUMPS, null);
        ObjectNode body = Json.parseObject(ctx.body());
        JumpRun run = runs.start(new JumpRuns.StartRequest(Json.optionalText(body, "name"),
                Json.optionalText(body, "recipe_file"), Json.optionalText(body, "recipe"),
                Json.optionalText(body, "directory"), hosts(body), Json.optionalText(body, "group"),
                number(body, "slots", 1), number(body, "max_failures", 0)), caller.name());
        String group = Json.optionalText(body, "group");
        audit.record(ctx, caller, "jump.run", run.name(), null, "recipe=" + run.recipeFile()
                + (group == null || group.isBlank() ? "" : " group=" + group.strip()) + " hosts="
                + runs.hosts(run.name()).size() + " slots=" + run.slots() + " max_failures=" + run.maxFailures());
        ObjectNode answer = json(run, runs.hosts(run.name()));
        if (group != null && !group.isBlank()) {
            answer.put("group", group.strip());
        }
        Answers.answer(ctx, 202, answer);
    }

    /** The hosts a run of the group would take, with the holder name and time each last took the group's lock. */
    private void group(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        String name = ctx.pathParam("name");
        JumpGroups.Group group = runs.group(name).orElseThrow(() -> ApiError.notFound(JumpGroups.unknown(name)));
        ObjectNode body = Json.object().put("group", group.name()).put("lock", group.name());
        ArrayNode array = body.putArray("hosts");
        for (JumpGroups.GroupHost h : group.hosts()) {
            array.add(Json.object().put("name", h.name()).put("holder", h.holder())
                    .put("last_taken", Json.time(h.lastTaken())).put("registered", h.registered()));
        }
        Answers.ok(ctx, body);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        Instant before = null;
        String text = ctx.queryParam("before");
        if (text != null && !text.isBlank()) {
            try {
                before = Instant.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new BadRequestException("'before' must be a time such as 2030-01-01T00:00:00Z, got '" + text + "'");
            }
        }
        ObjectNode body = Json.object();
        ArrayNode array = body.putArray("runs");
        runs.list(before, Answers.queryLimit(ctx, 50)).forEach(r -> array.add(summary(r, runs.hosts(r.name()))));
        Answers.ok(ctx, body);
    }

    private void show(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        JumpRun run = run(ctx);
        Answers.ok(ctx, json(run, runs.hosts(run.name())));
    }

    private void log(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        JumpRun run = run(ctx);
        JumpHost host = host(ctx, run);
        List<JumpStep> steps = runs.steps(run.name(), host.name());
        ObjectNode body = host(host);
        ArrayNode array = body.putArray("steps");
        for (JumpStep s : steps) {
            array.add(Json.object().put("seq", s.seq()).put("line", s.line()).put("text", s.text())
                    .put("state", s.state().wireName()).put("exit_status", s.exitStatus()).put("output", s.output())
                    .put("started_at", Json.time(s.startedAt())).put("finished_at", Json.time(s.finishedAt())));
        }
        body.put("log", JumpRuns.log(steps));
        Answers.ok(ctx, body);
    }

    private void decide(Context ctx, Decision decision) {
        Principal caller = gate.require(ctx, Permission.OPERATE_JUMPS, null);
        JumpRun run = run(ctx);
        JumpHost host = host(ctx, run);
        if (!runs.decide(run.name(), host.name(), decision)) {
            throw new ApiError(409, "conflict", "host " + host.name() + " of jump run " + run.name() + " is "
                    + host.state().wireName() + (host.decision() != null ? " with a " + host.decision().wireName()
                    + " already asked for" : "") + (run.state().active() ? "" : " and the run has ended")
                    + ": only a failed or interrupted host (or a refused one, to retry) of an active run waits for a "
                    + "retry or skip");
        }
        audit.record(ctx, caller, "jump." + decision.wireName(), run.name() + "/" + host.name(), null,
                "line=" + host.line());
        Answers.answer(ctx, 202, host(runs.host(run.name(), host.name()).orElseThrow()));
    }

    private void abort(Context ctx) {
        Principal caller = gate.require(ctx, Permission.OPERATE_JUMPS, null);
        JumpRun run = run(ctx);
        if (!runs.abort(run.name(), caller.name())) {
            throw new ApiError(409, "conflict", "jump run " + run.name() + " is " + run.state().wireName()
                    + (run.abortedBy() != null ? " and its abort was asked for by " + run.abortedBy() : "")
                    + ": only an active run can be aborted");
        }
        audit.record(ctx, caller, "jump.abort", run.name(), null, null);
        Answers.answer(ctx, 202, json(runs.get(run.name()).orElseThrow(), runs.hosts(run.name())));
    }

    private JumpRun run(Context ctx) {
        String name = ctx.pathParam("name");
        return runs.get(name).orElseThrow(() -> ApiError.notFound("there is no jump run named " + name
                + "; GET " + PREFIX + " lists them"));
    }

    private JumpHost host(Context ctx, JumpRun run) {
        String name = ctx.pathParam("host");
        return runs.host(run.name(), name).orElseThrow(() -> ApiError.notFound("jump run " + run.name()
                + " has no host named " + name));
    }

    // ------------------------------------------------------------------------------------------------ JSON

    static ObjectNode summary(JumpRun r, List<JumpHost> hosts) {
        ObjectNode o = Json.object().put("name", r.name()).put("state", r.state().wireName())
                .put("recipe_file", r.recipeFile()).put("directory", r.directory()).put("slots", r.slots())
                .put("max_failures", r.maxFailures()).put("lock", r.lockName()).put("created_by", r.createdBy())
                .put("created_at", Json.time(r.createdAt())).put("finished_at", Json.time(r.finishedAt()))
                .put("aborted_by", r.abortedBy()).put("message", r.message());
        Map<HostState, Integer> counts = new EnumMap<>(HostState.class);
        hosts.forEach(h -> counts.merge(h.state(), 1, Integer::sum));
        ObjectNode byState = o.putObject("hosts_by_state");
        for (HostState s : HostState.values()) {
            byState.put(s.wireName(), counts.getOrDefault(s, 0));
        }
        return o;
    }

    static ObjectNode json(JumpRun r, List<JumpHost> hosts) {
        ObjectNode o = summary(r, hosts);
        ArrayNode array = o.putArray("hosts");
        hosts.forEach(h -> array.add(host(h)));
        return o;
    }

    static ObjectNode host(JumpHost h) {
        return Json.object().put("name", h.name()).put("address", h.address()).put("position", h.position())
                .put("state", h.state().wireName()).put("line", h.line())
                .put("decision", h.decision() == null ? null : h.decision().wireName()).put("message", h.message())
                .put("started_at", Json.time(h.startedAt())).put("updated_at", Json.time(h.updatedAt()))
                .put("finished_at", Json.time(h.finishedAt()));
    }

    private static List<String> hosts(JsonNode body) {
        JsonNode hosts = body.get("hosts");
        if (hosts == null || hosts.isNull()) {
            return List.of();
        }
        if (!hosts.isArray()) {
            throw new BadRequestException("'hosts' must be an array of host names such as [\"web1\", \"db1=10.0.0.5:22\"]");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode h : hosts) {
            if (!h.isTextual()) {
                throw new BadRequestException("'hosts' must hold only strings, found " + h);
            }
            list.add(h.asText());
        }
        return list;
    }

    private static int number(JsonNode body, String field, int fallback) {
        Long value = Json.optionalLong(body, field, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return value == null ? fallback : value.intValue();
    }
}
