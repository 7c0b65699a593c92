package dev.baton.console.view;

import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageHistory;
import dev.baton.pipeline.repository.PackageRecord;
import java.time.Instant;
import java.util.Locale;

/** A package's page: its files (original and signed copies), its states per repository, its whole history. */
public record PackageView(PackageHistory history, Instant now) {

    /** How a file is named in the tables: the start of its digest, and what it is. */
    public String fileLabel(long packageId) {
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
