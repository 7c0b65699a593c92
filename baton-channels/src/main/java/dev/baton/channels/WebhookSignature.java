package dev.baton.channels;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a web hook's body is signed, and how a receiver checks it.
 *
 * <p>Each POST carries {@value #TIMESTAMP} (the time of sending, whole seconds since 1970 UTC) and {@value #SIGNATURE}:
 * {@code sha256=} followed by the lower-case hex of HMAC-SHA256, keyed with the channel's secret (its UTF-8 bytes),
 * over the timestamp's digits, a {@code .}, and the body's bytes exactly as received. A receiver computes the same,
 * compares in constant time, and refuses a timestamp more than a few minutes from its clock, so a recorded request
 * cannot be replayed later. {@value #DELIVERY} is the same on every try of one message, so a repeat can be dropped.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP = "X-Baton-Timestamp";
    public static final String SIGNATURE = "X-Baton-Signature";
    public static final String DELIVERY = "X-Baton-Delivery";
    /** How far a timestamp may be from the receiver's clock in {@link #verify}. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE} header value: {@code sha256=<hex>}. */
    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** What a receiver does: true when the signature matches and the timestamp is within {@link #TOLERANCE} of {@code now}. */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body, Instant now) {
        if (timestampHeader == null || signatureHeader == null || !timestampHeader.matches("\\d{1,12}")) {
            return false;
        }
        long timestamp = Long.parseLong(timestampHeader);
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.getBytes(StandardCharsets.US_ASCII));
    }
}
