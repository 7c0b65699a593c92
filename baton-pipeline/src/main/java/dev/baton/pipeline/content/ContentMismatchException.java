package dev.baton.pipeline.content;

import dev.baton.lock.BadRequestException;

/**
 * The bytes offered to the {@link ContentStore} are not what was declared: longer or shorter than the declared size,
 * or of another SHA-256. Nothing of them was kept.
 */
public class ContentMismatchException extends BadRequestException {
    public ContentMismatchException(String message) {
        super(message);
    }
}
