package dev.baton.agent.lock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.client.BatonUnreachableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Baton's native API through {@link BatonClient}: one acquire request waits on the server (long-poll, FIFO)
 * for up to the wait it is given, so the agent does not poll. Answers: {@code granted}/{@code already_held} take
 * the slot; {@code full}, {@code timeout}, {@code frozen}, {@code disabled} are "not now" with the queue
 * position. 400/401/403/404 are configuration errors; an unreachable server or a 5xx is retried.
 */
final class NativeLockClient implements LockClient {

    private final BatonClient client;
    private final String lock;
    private final String holder;

    NativeLockClient(BatonClient client, String lock, String holder) {
        this.client = client;
        this.lock = lock;
        this.holder = holder;
    }

    @Override
    public AcquireAttempt tryAcquire(Duration serverWait) throws IOException, LockException {
        try {
            BatonClient.AcquireResponse r = client.acquire(lock, holder, serverWait);
            if (r.granted()) {
                return AcquireAttempt.granted("already_held".equals(r.status()) ? "already held by " + holder : "granted to " + holder);
            }
            return AcquireAttempt.busy(r.status() + (r.position() > 0 ? ", position " + r.position() + " in the queue" : "")
                    + (r.message() != null ? ": " + r.message() : ""));
        } catch (BatonUnreachableException e) {
            throw new IOException(e.getMessage(), e);
        } catch (BatonClientException e) {
            throw translate(e, "acquire");
        }
    }

    @Override
    public void release() throws IOException, LockException {
        try {
            client.release(lock, holder);
        } catch (BatonUnreachableException e) {
            throw new IOException(e.getMessage(), e);
        } catch (BatonClientException e) {
            throw translate(e, "release");
        }
    }

    @Override
    public Optional<Boolean> isHeld() throws IOException, LockException {
        try {
            JsonNode view = client.show(lock);
            JsonNode holders = view.has("holders") ? view.path("holders") : view.path("lock").path("holders");
            for (JsonNode h : holders) {
                if (holder.equals(h.path("holder").asText(null))) {
                    return Optional.of(true);
                }
            }
            return Optional.of(false);
        } catch (BatonUnreachableException e) {
            throw new IOException(e.getMessage(), e);
        } catch (BatonClientException e) {
            if (e.status() == 404) {
                return Optional.of(false);
            }
            throw translate(e, "show");
        }
    }

    private LockException translate(BatonClientException e, String what) throws IOException {
        if (e.status() >= 500) {
            throw new IOException("the Baton server failed to " + what + " (HTTP " + e.status() + " " + e.code() + "): " + e.getMessage());
        }
        return new LockException("the Baton server refused to " + what + " (HTTP " + e.status() + " " + e.code() + "): " + e.getMessage());
    }

    @Override
    public String describe() {
        return "Baton at " + client.server();
    }
}
