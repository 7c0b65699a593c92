package dev.baton.web.pipeline;

import dev.baton.pipeline.publish.Publications;
import dev.baton.pipeline.signing.SigningKeys;
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
    private final Publications publications;
    private final SigningKeys keys;

    public PipelineApi(HolderGate gate, AuditLog audit, Publications publications, SigningKeys keys) {
        this.gate = gate;
        this.audit = audit;
        this.publications = publications;
        this.keys = keys;
    }

    public WebApp.Door door() {
        return new WebApp.Door(List.of("/repos/"), ErrorShape.NATIVE, config -> {
            // each route class of this package adds one line here: new RemotesApi(...).routes(config);
            new RepoFiles(publications).routes(config);
            new KeysApi(keys, gate, audit).routes(config);
        });
    }
}
