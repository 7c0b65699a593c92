package dev.baton.pipeline.advisory;

/** A CSAF file that is not valid JSON or lacks what an advisory needs; the message names the file and the field. */
public class CsafFormatException extends RuntimeException {
    public CsafFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
