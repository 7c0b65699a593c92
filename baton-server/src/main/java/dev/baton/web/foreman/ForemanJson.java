package dev.baton.web.foreman;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.hosts.Host;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.web.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * The Foreman plugin's JSON: a lock is
 * {@code {"id","host_id","name","enabled","type","created_at","updated_at","host":{"name","self"}|null}}.
 *
 * <p>Baton's locks have names, not numbers; {@code id} is a CRC-32 of the name, stable across restarts and
 * servers. A lock with several slots (a FleetLock group, say) shows one holder: the caller's own slot when it
 * has one, else the oldest holder.
 */
final class ForemanJson {

    static final String TYPE = "ForemanDlm::Dlmlock::Update";

    private ForemanJson() {
    }

    static long id(String lockName) {
        CRC32 crc = new CRC32();
        crc.update(lockName.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * @param self       the caller's host name, or null for a user
     * @param hostLookup finds the registered host of a holder name, for {@code host_id}
     */
    static ObjectNode lock(LockView v, String self, Function<String, Optional<Host>> hostLookup) {
        var holder = v.holders().stream()
                .filter(h -> h.holder().equals(self))
                .findFirst()
                .or(() -> v.holders().stream().min(Comparator.comparing(LockView.HolderView::acquiredAt)));
        Instant updated = v.holders().stream().map(LockView.HolderView::renewedAt)
                .max(Comparator.naturalOrder()).filter(t -> t.isAfter(v.createdAt())).orElse(v.createdAt());
        ObjectNode o = Json.object().put("id", id(v.name()));
        Optional<Host> host = holder.flatMap(h -> hostLookup.apply(h.holder()));
        if (host.isPresent()) {
            o.put("host_id", host.get().id());
        } else {
            o.putNull("host_id");
        }
        o.put("name", v.name())
                .put("enabled", v.enabled())
                .put("type", TYPE)
                .put("created_at", Json.time(v.createdAt()))
                .put("updated_at", Json.time(updated));
        if (holder.isPresent()) {
            String name = host.map(Host::name).orElse(holder.get().holder());
            o.putObject("host").put("name", name).put("self", holder.get().holder().equals(self));
        } else {
            o.putNull("host");
        }
        return o;
    }

    /** The plugin's event types; Baton events with no Foreman counterpart (create, slots, ...) are left out. */
    static String eventType(LockEvent e) {
        return switch (e.type()) {
            case ACQUIRE -> "acquire";
            case RELEASE, FORCE_RELEASE, EXPIRE -> "release";
            case ENABLE -> "enable";
            case DISABLE -> "disable";
            case REFUSE -> "fail";
            default -> null;
        };
    }

    static ObjectNode event(LockEvent e, String type) {
        return Json.object().put("id", e.id()).put("event_type", type)
                .put("created_at", Json.time(e.at())).put("updated_at", Json.time(e.at()))
                .put("host", e.holder()).put("user", e.actor()).put("protocol", e.protocol().wireName())
                .put("reason", e.reason());
    }

    /** Foreman's list envelope. */
    static ObjectNode page(int total, int subtotal, int page, int perPage, String search) {
        ObjectNode o = Json.object().put("total", total).put("subtotal", subtotal).put("page", page).put("per_page", perPage);
        if (search == null) {
            o.putNull("search");
        } else {
            o.put("search", search);
        }
        o.putObject("sort").putNull("by").putNull("order");
        return o;
    }
}
