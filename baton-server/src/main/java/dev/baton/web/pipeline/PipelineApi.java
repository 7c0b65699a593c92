package dev.baton.web.pipeline;

import dev.baton.jobs.Jobs;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.web.AuditLog;
import dev.baton.web.ErrorShape;
import dev.baton.web.HolderGate;
import dev.baton.web.WebApp;
import java.util.List;

/**
 * The package pipeline's door: its routes of the native API under {@code /api/v3/} (remotes, repositories,
 * packages, advisories, keys) and the published repositories' files under {@code /repos/}. Each capability has
 * its own route class in this package, mounted here.
 */
public final class PipelineApi {

    private final HolderGate gate;
    private final AuditLog audit;
    private final Remotes remotes;
    private final Jobs jobs;

    public PipelineApi(HolderGate gate, AuditLog audit, Remotes remotes, Jobs jobs) {
        this.gate = gate;
        this.audit = audit;
        this.remotes = remotes;
        this.jobs = jobs;
    }

    public WebApp.Door door() {
        return new WebApp.Door(List.of("/repos/"), ErrorShape.NATIVE, config -> {
            // each route class of this package adds one line here
            new RemotesApi(remotes, jobs, gate, audit).routes(config);
        });
    }
}
