package dev.baton.client;

/** The server answered with an error: {@code status} is the HTTP status, {@code code} the API's error code. */
public class BatonClientException extends RuntimeException {
    private final int status;
    private final String code;

    public BatonClientException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
