package dev.baton.pipeline.release;

import dev.baton.lock.BadRequestException;
import java.util.List;

/**
 * The packages a promotion takes from its source: by name (the newest of that name the source holds), by NEVRA
 * (every file of it the source holds), by advisory id (the advisory's packages the source holds). An entry of
 * {@code packages} is a name when the source holds packages of that name, otherwise a NEVRA.
 */
public record Selection(List<String> packages, List<String> advisories) {

    public Selection {
        packages = packages == null ? List.of() : List.copyOf(packages);
        advisories = advisories == null ? List.of() : List.copyOf(advisories);
        if (packages.isEmpty() && advisories.isEmpty()) {
            throw new BadRequestException("a promotion needs the packages to promote: give package names or NEVRAs "
                    + "(--package) or advisory ids (--advisory)");
        }
    }
}
