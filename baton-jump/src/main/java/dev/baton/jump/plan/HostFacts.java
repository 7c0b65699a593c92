package dev.baton.jump.plan;

import java.util.Optional;

/**
 * What only a host can tell, asked by the dry run: the value a built-in would give a variable there (e.g. {@code
 * _JUMPPARTITION} after {@code usepartition}). Implementations only read; {@link #NONE} asks nobody, so the plan shows
 * placeholders. Probing a host over SSH ({@code plan --probe}) is one implementation.
 */
@FunctionalInterface
public interface HostFacts {

    /** Knows nothing: every such variable is a placeholder. */
    HostFacts NONE = (host, variable) -> Optional.empty();

    /** The value {@code variable} would have on {@code host}, if known. */
    Optional<String> value(String host, String variable);
}
