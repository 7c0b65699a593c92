package dev.baton.web.pipeline;

import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.repository.Packages;
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

    private final Advisories advisories;
    private final Packages packages;

    /** The pipeline's services come one by one: a door may not know the server's wiring (PipelineServices). */
    public PipelineApi(HolderGate gate, AuditLog audit, Advisories advisories, Packages packages) {
        this.gate = gate;
        this.audit = audit;
        this.advisories = advisories;
        this.packages = packages;
    }

    public WebApp.Door door() {
        return new WebApp.Door(List.of("/repos/"), ErrorShape.NATIVE, config -> {
            // each route class of this package adds one line here: new RemotesApi(...).routes(config);
            new AdvisoriesApi(advisories, packages, gate, audit).routes(config);
        });
    }
}
