package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Package files to add to and remove from a repository, by id. A package added must not be in the repository yet,
 * one removed must be in it; a change that does neither is refused, so every change makes exactly one version.
 */
public record Change(SortedSet<Long> add, SortedSet<Long> remove) {

    public Change {
        add = Collections.unmodifiableSortedSet(new TreeSet<>(add));
        remove = Collections.unmodifiableSortedSet(new TreeSet<>(remove));
        if (add.isEmpty() && remove.isEmpty()) {
            throw new BadRequestException("a change must add or remove at least one package");
        }
        SortedSet<Long> both = new TreeSet<>(add);
        both.retainAll(remove);
        if (!both.isEmpty()) {
            throw new BadRequestException("a change cannot add and remove the same package(s): ids " + both);
        }
    }

    public static Change of(Collection<Long> add, Collection<Long> remove) {
        return new Change(new TreeSet<>(add), new TreeSet<>(remove));
    }

    public static Change adding(Long... ids) {
        return of(java.util.List.of(ids), java.util.List.of());
    }

    public static Change removing(Long... ids) {
        return of(java.util.List.of(), java.util.List.of(ids));
    }
}
