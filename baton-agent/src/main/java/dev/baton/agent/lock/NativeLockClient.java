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
 * position. 400/401/403/404 are configuration errors (401 a wrong credential, 403 a credential that may not act
 * as this holder); an unreachable server or a 5xx is retried, an untrusted certificate is not.
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
            throw unreachable(e);
        } catch (BatonClientException e) {
            throw translate(e, "acquire");
        }
    }

    @Override
    public void release() throws IOException, LockException {
        try {
            client.release(lock, holder);
        } catch (BatonUnreachableException e) {
            throw unreachable(e);
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
            throw unreachable(e);
        } catch (BatonClientException e) {
            if (e.status() == 404) {
                return Optional.of(false);
            }
            throw translate(e, "show");
        }
    }

    /** A network failure is retried; a TLS or scheme problem is not (see {@link Exchanges}). */
    private static IOException unreachable(BatonUnreachableException e) throws LockException {
        if (e.permanent()) {
            throw new LockException(e.getMessage());
        }
        return new IOException(e.getMessage(), e);
    }

    private LockException translate(BatonClientException e, String what) throws IOException {
        if (e.status() >= 500) {
            throw new IOException("the Baton server failed to " + what + " (HTTP " + e.status() + " " + e.code() + "): " + e.getMessage());
        }
        String meaning = switch (e.status()) {
            case 401 -> "the credential was refused: check credential_id and credential_secret";
            case 403 -> "this credential may not act as holder '" + holder + "': give the credential that holder name, "
                    + "or set holder to one of its names";
            case 409 -> "lock '" + lock + "' is held by another holder, not by " + holder;
            default -> null;
        };
        return new LockException("the Baton server refused to " + what + " (HTTP " + e.status() + " " + e.code() + "): "
                + (meaning != null ? meaning + " (the server says: " + e.getMessage() + ")" : e.getMessage()));
    }

    @Override
    public String describe() {
        return "Baton at " + client.server();
    }
}
