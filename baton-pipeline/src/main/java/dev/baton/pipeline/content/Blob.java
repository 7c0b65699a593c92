package dev.baton.pipeline.content;

/** A file in the {@link ContentStore}: its SHA-256 (64 lower-case hex digits) and its size in bytes. */
public record Blob(String sha256, long size) {
    public Blob {
        Sha256.requireValid(sha256);
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size cannot be negative: " + size);
        }
    }
}
