package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The release jump's calls of the native API ({@code /api/v3/jump/runs}), over a {@link BatonClient} (its errors and
 * unreachable server are reported the same way).
 */
public final class JumpClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "api/v3/jump/runs";

    private final BatonClient client;

    public JumpClient(BatonClient client) {
        this.client = client;
    }

    /**
     * What to start.
     *
     * @param name        the run's name; {@code null}: the server names it after the recipe and the time
     * @param recipeFile  the recipe's path as the operator gave it
     * @param recipe      the recipe's text
     * @param directory   the recipe's directory, absolute, on the server's machine (local lines run there)
     * @param hosts       the hosts in the order they take slots
     * @param group       instead of hosts: the hosts of this group, resolved by the server; {@code null}: none
     * @param slots       at most this many hosts mid-jump at once
     * @param maxFailures stop starting hosts while this many are failed or refused; 0: never
     */
    public record Start(String name, String recipeFile, String recipe, String directory, List<String> hosts,
                        String group, int slots, int maxFailures) {

        /** A run of hosts named one by one. */
        public Start(String name, String recipeFile, String recipe, String directory, List<String> hosts, int slots,
                     int maxFailures) {
            this(name, recipeFile, recipe, directory, hosts, null, slots, maxFailures);
        }
    }

    /** Starts a run; answers it with its hosts (202). */
    public JsonNode start(Start start) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (start.name() != null) {
            body.put("name", start.name());
        }
        body.put("recipe_file", start.recipeFile()).put("recipe", start.recipe()).put("directory", start.directory())
                .put("slots", start.slots()).put("max_failures", start.maxFailures());
        ArrayNode hosts = body.putArray("hosts");
        start.hosts().forEach(hosts::add);
        if (start.group() != null) {
            body.put("group", start.group());
        }
        return client.call("POST", BASE, body, TIMEOUT, 202);
    }

    /** The hosts a run of the group would take ({@code hosts}: name, holder, last_taken, registered); 404 when none. */
    public JsonNode group(String group) {
        return client.call("GET", "api/v3/jump/groups/" + encode(group), null, TIMEOUT, 200);
    }

    /** Runs newest first ({@code runs}). */
    public JsonNode runs(int limit) {
        return client.call("GET", BASE + "?limit=" + limit, null, TIMEOUT, 200);
    }

    /** One run with its hosts. */
    public JsonNode run(String name) {
        return client.call("GET", BASE + "/" + encode(name), null, TIMEOUT, 200);
    }

    /** A host of a run with its steps and its log. */
    public JsonNode hostLog(String run, String host) {
        return client.call("GET", BASE + "/" + encode(run) + "/hosts/" + encode(host) + "/log", null, TIMEOUT, 200);
    }

    /** Asks the run to run the line a failed or interrupted host stopped at again (or a refused host's pre-checks). */
    public JsonNode retry(String run, String host) {
        return client.call("POST", BASE + "/" + encode(run) + "/hosts/" + encode(host) + "/retry", null, TIMEOUT, 202);
    }

    /** Asks the run to go on past the line a failed or interrupted host stopped at. */
    public JsonNode skip(String run, String host) {
        return client.call("POST", BASE + "/" + encode(run) + "/hosts/" + encode(host) + "/skip", null, TIMEOUT, 202);
    }

    /** Aborts an active run. */
    public JsonNode abort(String run) {
        return client.call("POST", BASE + "/" + encode(run) + "/abort", null, TIMEOUT, 202);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
