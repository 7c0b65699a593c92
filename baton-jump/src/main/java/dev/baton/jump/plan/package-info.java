/**
 * The dry run of a recipe ({@code baton jump plan}): for each host, every line with its variables replaced, touching
 * nothing. What only the host can tell (the variables a built-in sets there) comes from {@link
 * dev.baton.jump.plan.HostFacts}, or shows as a placeholder naming the built-in and line that sets it.
 */
package dev.baton.jump.plan;
