package dev.baton.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.client.BatonClient;

/** JSON renderings of client answers for {@code --json}. */
final class Jsons {
    private Jsons() {
    }

    static ObjectNode acquire(BatonClient.AcquireResponse a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("granted", a.granted()).put("status", a.status())
                .put("position", a.position()).put("message", a.message());
        o.set("lock", a.lock());
        return o;
    }
}
