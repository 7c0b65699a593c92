package dev.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How long a grant takes to show on an open lock page (issue 14: within 1 s). One console session holds the lock
 * page's Server-Sent Events stream open ({@code /live/locks/NAME}) while grants are made through the API, one at a
 * time: acquire as a fresh holder, wait until a message of the stream names that holder, release, wait for the
 * release's message, pause. Each grant's latency runs from the moment the acquire's answer arrived to the moment
 * the first stream message naming its holder arrived (0 when the message came first); the same from the moment the
 * acquire was sent is printed beside it.
 */
final class LiveLatency {

    /** One message of the stream: its {@code data:} lines and when its first byte was read. */
    record Message(long arrivedNanos, String data) {
    }

    record Result(Samples fromAnswer, Samples fromRequest, int missed, String firstError) {
    }

    private LiveLatency() {
    }

    /**
     * @param live  a logged-in console session
     * @param api   an API client (the admin) that acquires and releases
     * @param lock  the lock whose page is watched; made by the first acquire
     * @param grants how many grants to time
     * @param pauseMillis the pause after each grant's release was seen, so grants do not fall into one coalescing window
     */
    static Result run(ReadsLoad.Client live, Http1 api, String lock, int grants, long pauseMillis) throws Exception {
        String acquire = "/api/v3/locks/" + lock + "/acquire";
        String release = "/api/v3/locks/" + lock + "/release";
        // The lock must exist before its page is watched.
        check(api.call("POST", acquire, "{\"holder\":\"live-setup\",\"wait_seconds\":0}"), "acquire " + lock);
        check(api.call("POST", release, "{\"holder\":\"live-setup\"}"), "release " + lock);

        BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = live.stream("/live/locks/" + lock);
        if (stream.statusCode() != 200) {
            throw new IOException("GET /live/locks/" + lock + ": HTTP " + stream.statusCode());
        }
        Thread reader = Thread.ofPlatform().daemon().name("live-latency-reader").start(() -> read(stream.body(), messages));
        Samples fromAnswer = new Samples();
        Samples fromRequest = new Samples();
        int missed = 0;
        String firstError = null;
        try {
            // The stream sends the page's state at once when it was opened without ?seen= : drain it.
            messages.poll(2, TimeUnit.SECONDS);
            Thread.sleep(300);
            messages.clear();
            for (int i = 0; i < grants; i++) {
                String holder = String.format("live-grant-%05d-x", i);
                long sent = System.nanoTime();
                Http1.Response a = api.call("POST", acquire, "{\"holder\":\"" + holder + "\",\"wait_seconds\":0}");
                long answered = System.nanoTime();
                if (a.status() != 200) {
                    firstError = firstError != null ? firstError : "acquire as " + holder + ": HTTP " + a.status() + " " + a.text();
                    missed++;
                    continue;
                }
                Message shown = awaitMessage(messages, holder, 5_000);
                if (shown == null) {
                    missed++;
                    firstError = firstError != null ? firstError : "grant to " + holder + " not on the stream within 5 s";
                } else {
                    fromAnswer.add(Math.max(0, shown.arrivedNanos() - answered));
                    fromRequest.add(shown.arrivedNanos() - sent);
                }
                check(api.call("POST", release, "{\"holder\":\"" + holder + "\"}"), "release as " + holder);
                // The release's own message (the lock free again), then a pause that moves the next grant off the
                // publisher's coalescing rhythm.
                messages.poll(2, TimeUnit.SECONDS);
                Thread.sleep(pauseMillis + (i * 37L) % 50);
                messages.clear();
            }
        } finally {
            reader.interrupt();
            stream.body().close();
        }
        return new Result(fromAnswer, fromRequest, missed, firstError);
    }

    /** The first message naming the holder (its HTML shows the holder's name), or null after the timeout. */
    private static Message awaitMessage(BlockingQueue<Message> messages, String holder, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Message m = messages.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            if (m.data().contains(holder)) {
                return m;
            }
        }
    }

    /** Splits the stream into messages (blank-line separated); comments (heartbeats) are skipped. */
    private static void read(InputStream in, BlockingQueue<Message> messages) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder data = new StringBuilder();
            long first = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        messages.add(new Message(first, data.toString()));
                        data.setLength(0);
                    }
                    first = 0;
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                if (line.startsWith("data:")) {
                    data.append(line, 5, line.length()).append('\n');
                }
            }
        } catch (IOException e) {
            // closed at the end of the run
        }
    }

    private static void check(Http1.Response r, String what) throws IOException {
        if (r.status() != 200) {
            throw new IOException(what + ": HTTP " + r.status() + " " + r.text());
        }
    }
}
