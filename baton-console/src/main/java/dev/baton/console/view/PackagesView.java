package dev.baton.console.view;

import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.rpm.Nevra;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Packages page: packages of the repositories' latest versions whose name holds {@code q}, in a state.
 *
 * @param exact the NEVRA {@code q} names exactly when Baton knows its files (also one in no repository), else null
 * @param more  whether more matched than are shown
 */
public record PackagesView(String q, String state, List<PackageRow> rows, Nevra exact, boolean more) {

    public List<String> states() {
        return Arrays.stream(PackageState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList();
    }

    public boolean searched() {
        return !q.isEmpty() || !state.isEmpty();
    }
}
