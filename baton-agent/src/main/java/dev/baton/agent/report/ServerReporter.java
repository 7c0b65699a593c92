package dev.baton.agent.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.agent.log.AgentLog;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends reports to {@code POST /api/v3/hosts/{holder}/reports} on one background thread, in order, so the
 * phases never wait for the network. The first 404 (a server without the reports endpoint) or the first
 * unreachable error turns reporting off for the rest of the run, with one log line. {@link #close()} waits at
 * most {@code flushLimit} for the queue to drain. The client is made once, by the first report, and reused.
 */
public final class ServerReporter implements Reporter {

    private final Supplier<BatonClient> client;
    private final String holder;
    private final String runId;
    private final Clock clock;
    private final AgentLog log;
    private final Duration flushLimit;
    private final ExecutorService sender;
    private volatile boolean off;
    /** Made on the sender thread by the first report, then reused: one HTTP client (and TLS setup) per run. */
    private BatonClient connected;

    public ServerReporter(Supplier<BatonClient> client, String holder, String runId, Clock clock, AgentLog log, Duration flushLimit) {
        this.client = client;
        this.holder = holder;
        this.runId = runId;
        this.clock = clock;
        this.log = log;
        this.flushLimit = flushLimit;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "baton-reports");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void report(String phase, String script, String status, Integer exitCode, String message) {
        if (off) {
            return;
        }
        String at = clock.instant().toString();
        sender.execute(() -> send(phase, script, status, exitCode, message, at));
    }

    private void send(String phase, String script, String status, Integer exitCode, String message, String at) {
        if (off) {
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("run_id", runId).put("phase", phase).put("script", script)
                .put("status", status).put("message", message).put("at", at);
        if (exitCode == null) {
            body.putNull("exit_code");
        } else {
            body.put("exit_code", exitCode);
        }
        try {
            if (connected == null) {
                connected = client.get();
            }
            connected.report(holder, body);
        } catch (BatonClientException e) {
            if (e.status() == 404) {
                off = true;
                log.debug("the Baton server does not take progress reports (404); not reporting this run");
            } else {
                log.warn("progress report refused by the Baton server (HTTP " + e.status() + "): " + e.getMessage());
            }
        } catch (RuntimeException e) {
            off = true;
            log.warn("cannot send progress reports to the Baton server (" + e.getMessage() + "); not reporting the rest of this run");
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(flushLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("gave up waiting for progress reports to be sent");
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
