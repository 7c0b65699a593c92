package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.lock.EventPage;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.web.Json;

/** The native API's JSON for locks and events. Field names are snake_case; times are ISO-8601 UTC. */
final class LockJson {
    private LockJson() {
    }

    static ObjectNode lock(LockView v) {
        ObjectNode o = Json.object()
                .put("name", v.name())
                .put("slots", v.slots())
                .put("free", v.free())
                .put("enabled", v.enabled())
                .put("frozen", v.frozen())
                .put("freeze_reason", v.freezeReason())
                .put("stale", v.stale())
                .put("stale_after_from", v.staleAfterFrom().wireName())
                .put("created_at", Json.time(v.createdAt()));
        if (v.staleAfter() == null) {
            o.putNull("stale_after_seconds"); // off
        } else {
            o.put("stale_after_seconds", v.staleAfter().toSeconds());
        }
        if (v.lease() == null) {
            o.putNull("lease_seconds");
        } else {
            o.put("lease_seconds", v.lease().toSeconds());
        }
        var holders = o.putArray("holders");
        for (var h : v.holders()) {
            holders.addObject().put("holder", h.holder()).put("acquired_at", Json.time(h.acquiredAt()))
                    .put("renewed_at", Json.time(h.renewedAt())).put("protocol", h.protocol().wireName())
                    .put("stale", h.stale());
        }
        var waiters = o.putArray("waiters");
        for (var w : v.waiters()) {
            waiters.addObject().put("holder", w.holder()).put("position", w.position()).put("since", Json.time(w.since()));
        }
        return o;
    }

    static ObjectNode event(LockEvent e) {
        return Json.object().put("id", e.id()).put("lock", e.lockName()).put("at", Json.time(e.at()))
                .put("type", e.type().wireName()).put("actor", e.actor()).put("holder", e.holder())
                .put("reason", e.reason()).put("protocol", e.protocol().wireName());
    }

    static ObjectNode events(EventPage page) {
        ObjectNode o = Json.object();
        var list = o.putArray("events");
        page.events().forEach(e -> list.add(event(e)));
        Answers.nextBefore(o, page.nextBefore());
        return o;
    }
}
