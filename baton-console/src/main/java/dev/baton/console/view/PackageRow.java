package dev.baton.console.view;

import dev.baton.pipeline.repository.PackageRecord;

/**
 * A package file as a list shows it: in a repository (or of its own, {@code repository} null) with its state there.
 *
 * @param state the state's wire name ({@code signed_untested}), or empty when none was recorded
 */
public record PackageRow(PackageRecord pkg, String repository, String state) {

    /** The state as people read it ("signed untested"). */
    public String stateLabel() {
        return state.replace('_', ' ');
    }
}
