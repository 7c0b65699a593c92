package dev.baton.web.pipeline;

import dev.baton.pipeline.PipelineServices;
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

    private final PipelineServices pipeline;
    private final HolderGate gate;
    private final AuditLog audit;

    public PipelineApi(PipelineServices pipeline, HolderGate gate, AuditLog audit) {
        this.pipeline = pipeline;
        this.gate = gate;
        this.audit = audit;
    }

    public WebApp.Door door() {
        return new WebApp.Door(List.of("/repos/"), ErrorShape.NATIVE, config -> {
            new AdvisoriesApi(pipeline.advisories(), pipeline.packages(), gate, audit).routes(config);
            new RepoFiles(pipeline.publisher().publications()).routes(config);
            new KeysApi(pipeline.signingKeys(), gate, audit).routes(config);
        });
    }
}
