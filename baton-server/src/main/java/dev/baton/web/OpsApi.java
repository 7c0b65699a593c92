package dev.baton.web;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Operations endpoints, open without credentials so load balancers and Prometheus can reach them:
 * {@code /healthz} (200 when the store answers, else 503), {@code /metrics} (Prometheus text) and
 * {@code /api/v3/openapi.json} (the hand-kept API description).
 */
public final class OpsApi {

    private final BooleanSupplier storeHealthy;
    private final Metrics metrics;
    private final String version;
    private final String store;

    public OpsApi(BooleanSupplier storeHealthy, Metrics metrics, String version, String store) {
        this.storeHealthy = storeHealthy;
        this.metrics = metrics;
        this.version = version;
        this.store = store;
    }

    public void routes(JavalinConfig config) {
        String openApi = openApiDocument();
        config.routes.get("/healthz", ctx -> {
            boolean healthy = storeHealthy.getAsBoolean();
            ctx.status(healthy ? 200 : 503).contentType("application/json").result(Json.write(Json.object()
                    .put("status", healthy ? "ok" : "store_unavailable").put("version", version).put("store", store)));
        });
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        config.routes.get("/api/v3/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    public static String openApiDocument() {
        try (InputStream in = OpsApi.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
