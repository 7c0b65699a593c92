package dev.baton.pipeline.repository;

/** No package file with the id, digest or NEVRA asked for. */
public class PackageNotFoundException extends RuntimeException {
    public PackageNotFoundException(String message) {
        super(message);
    }
}
