package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which package files a repository admits. None that is test failed (of its own or in any repository: quarantined);
 * in a repository with {@code signWith}, only copies signed with that key; for a promotion into a repository that
 * requires tested packages, only files marked tested (or good) in the repository they come from.
 */
final class Admission {

    private final PackageStore packages;
    private final SigningKeyIds keys;

    Admission(PackageStore packages, SigningKeyIds keys) {
        this.packages = packages;
        this.keys = keys;
    }

    /** Why these files may not go into {@code target}; empty when they may. Unknown ids are refused at once. */
    List<String> refusals(Repository target, Collection<Long> ids) {
        return refusals(target, ids, false);
    }

    /**
     * As {@link #refusals(Repository, Collection)}; with {@code resigned}, a copy signed with another key is admitted
     * (a promotion signs its original again with the target's key), an unsigned file still is not.
     */
    private List<String> refusals(Repository target, Collection<Long> ids, boolean resigned) {
        List<PackageRecord> records = existing(ids);
        List<String> reasons = new ArrayList<>();
        Map<Long, List<PackageEvent>> states = states(ids);
        String keyId = target.signWith() == null ? null : keyId(target);
        for (PackageRecord p : records) {
            for (PackageEvent e : states.getOrDefault(p.id(), List.of())) {
                if (e.state() == PackageState.TEST_FAILED) {
                    reasons.add(p.describe() + " is test failed" + (e.repository() == null ? "" : " in " + e.repository())
                            + " (" + e.actor() + ": " + e.reason() + ")");
                    break;
                }
            }
            if (keyId != null && !p.isSignedBy(keyId) && !(resigned && p.origin() == PackageOrigin.SIGNED_COPY)) {
                reasons.add(p.describe() + (p.origin() == PackageOrigin.SIGNED_COPY
                        ? " is signed with key " + p.signedByKeyId() + ", not with " + target.signWith() + " (" + keyId + ")"
                        : " is not signed with " + target.signWith() + " (" + keyId + "); add its signed copy"));
            }
        }
        return reasons;
    }

    /**
     * Why these files may not be promoted from {@code source} into {@code target}; empty when they may. A copy
     * signed with another key than the target's passes (it is signed again with the target's key).
     */
    List<String> promotionRefusals(String source, Repository target, Collection<Long> ids) {
        List<String> reasons = new ArrayList<>(refusals(target, ids, true));
        if (target.requiresTested()) {
            Map<Long, List<PackageEvent>> states = states(ids);
            for (PackageRecord p : existing(ids)) {
                PackageState inSource = states.getOrDefault(p.id(), List.of()).stream()
                        .filter(e -> source.equals(e.repository())).map(PackageEvent::state).findFirst().orElse(null);
                if (inSource != PackageState.TESTED && inSource != PackageState.GOOD) {
                    reasons.add(p.describe() + " is " + (inSource == null ? "not in " + source : inSource + " in " + source)
                            + ", and " + target.name() + " requires tested packages; mark it tested first");
                }
            }
        }
        return reasons;
    }

    private List<PackageRecord> existing(Collection<Long> ids) {
        List<PackageRecord> records = packages.find(ids);
        if (records.size() != new TreeSet<>(ids).size()) {
            Set<Long> missing = new TreeSet<>(ids);
            records.forEach(r -> missing.remove(r.id()));
            throw new PackageNotFoundException("no package with id(s) " + missing);
        }
        return records;
    }

    private Map<Long, List<PackageEvent>> states(Collection<Long> ids) {
        return packages.currentStates(ids).stream().collect(Collectors.groupingBy(PackageEvent::packageId));
    }

    private String keyId(Repository target) {
        return keys.keyIdOf(target.signWith()).orElseThrow(() -> new BadRequestException("repository " + target.name()
                + " signs with key '" + target.signWith() + "', which does not exist; create or import it "
                + "(./baton key create " + target.signWith() + ")"));
    }
}
