package dev.baton.console.view;

import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageHistory;
import dev.baton.pipeline.repository.PackageRecord;
import java.time.Instant;
import java.util.Locale;

/** A package's page: its files (original and signed copies), its states per repository, its whole history. */
public record PackageView(PackageHistory history, Instant now) {

    /** How a file is named in the states and history: the start of its digest (its origin is in the file table). */
    public String fileLabel(long packageId) {
        return history.files().stream().filter(f -> f.id() == packageId).findFirst()
                .map(f -> f.sha256().substring(0, 12)).orElse("file " + packageId);
    }

    /** What a file is, for its tooltip: the start of its digest and its origin. */
    public String fileTitle(long packageId) {
        return history.files().stream().filter(f -> f.id() == packageId).findFirst()
                .map(PackageView::describe).orElse("file " + packageId);
    }

    public static String describe(PackageRecord f) {
        String what = switch (f.origin()) {
            case MIRRORED -> "mirrored from " + f.remote();
            case UPLOADED -> "uploaded";
            case SIGNED_COPY -> "signed by " + f.signedByKeyId();
        };
        return f.sha256().substring(0, 12) + " (" + what + ")";
    }

    public static String state(PackageEvent e) {
        return e.state().name().toLowerCase(Locale.ROOT);
    }
}
