package dev.baton.agent.config;

import java.net.URI;
import java.util.Locale;

/** The wire protocol the agent speaks to take and give back the lock. */
public enum LockProtocol {
    /** Baton's native API ({@code /api/v3}); the server waits for a free slot, no polling. */
    BATON("baton"),
    /** DLM Engine v1: bodies wrapped in {@code {"data": ...}} (DLMEngineUpdater 0.x). */
    DLM_V1("dlm-v1"),
    /** DLM Engine v2: GET then POST, only 201 is success (DLMEngineUpdater 1.0). */
    DLM_V2("dlm-v2"),
    /** Foreman DLM: PUT/DELETE with a TLS client certificate (foreman_dlm_updater). */
    FOREMAN("foreman"),
    /** FleetLock: pre-reboot / steady-state, id and group (Zincati's protocol). */
    FLEETLOCK("fleetlock"),
    /** No lock server at all: the lock is always granted. For tests and single hosts; DLMEngineUpdater's {@code main_api_noop}. */
    NONE("none");

    private final String configName;

    LockProtocol(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The protocol named in a config file ({@code baton}, {@code dlm-v2}, ...), or null when unknown. */
    public static LockProtocol named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LockProtocol p : values()) {
            if (p.configName.equals(n)) {
                return p;
            }
        }
        return switch (n) {
            case "native" -> BATON;
            case "v1", "dlmengine-v1", "dlm-engine-v1" -> DLM_V1;
            case "v2", "dlmengine-v2", "dlm-engine-v2", "dlm", "dlmengine" -> DLM_V2;
            case "noop" -> NONE;
            default -> null;
        };
    }

    /**
     * Guesses the protocol from the endpoint's shape: a path ending in {@code /api/v1} is DLM Engine v1,
     * {@code /api/v2} (or {@code /api/v2/orgs/...}) DLM Engine v2, {@code /api/dlmlocks} Foreman, anything
     * else (a bare server, {@code /api/v3}) Baton's own API.
     */
    public static LockProtocol fromEndpoint(URI endpoint) {
        String path = endpoint.getPath() == null ? "" : endpoint.getPath().replaceAll("/+$", "");
        if (path.endsWith("/api/v1")) {
            return DLM_V1;
        }
        if (path.endsWith("/api/v2") || path.contains("/api/v2/orgs")) {
            return DLM_V2;
        }
        if (path.endsWith("/api/dlmlocks") || path.endsWith("/api/v2/dlmlocks")) {
            return FOREMAN;
        }
        if (path.endsWith("/v1/pre-reboot") || path.endsWith("/v1/steady-state")) {
            return FLEETLOCK;
        }
        return BATON;
    }

    @Override
    public String toString() {
        return configName;
    }
}
