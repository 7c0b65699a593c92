package dev.baton.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.jobs.Job;

/** A durable job as every door shows it: the jobs' own routes and the routes that submit one (a remote's sync). */
public final class JobJson {

    private JobJson() {
    }

    public static ObjectNode of(Job j) {
        ObjectNode o = Json.object().put("id", j.id()).put("kind", j.kind()).put("subject", j.subject())
                .put("state", j.state().wireName());
        o.putObject("progress").put("done", j.progress().done()).put("total", j.progress().total())
                .put("unit", j.progress().unit()).put("message", j.progress().message());
        return o.put("parameters", j.parameters()).put("actor", j.actor()).put("attempts", j.attempts())
                .put("runner", j.runner()).put("created_at", Json.time(j.createdAt()))
                .put("started_at", Json.time(j.startedAt())).put("updated_at", Json.time(j.updatedAt()))
                .put("finished_at", Json.time(j.finishedAt())).put("error", j.error())
                .put("cancel_requested_by", j.cancelRequestedBy());
    }
}
