package dev.baton.pipeline.advisory;

/** No advisory has that id. */
public class AdvisoryNotFoundException extends RuntimeException {
    public AdvisoryNotFoundException(String id) {
        super("no advisory has the id '" + id + "': ./baton advisory list shows them");
    }
}
