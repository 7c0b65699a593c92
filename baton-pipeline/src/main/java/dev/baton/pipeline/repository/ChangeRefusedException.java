package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import java.util.List;

/**
 * A repository change the rules do not allow (a test-failed or unsigned package into a signed repository, an
 * untested one into a repository that requires tested ones); {@link #reasons()} names every package refused and why.
 * Nothing was changed.
 */
public class ChangeRefusedException extends BadRequestException {

    private final List<String> reasons;

    public ChangeRefusedException(String repository, List<String> reasons) {
        super("refused for repository " + repository + ": " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
