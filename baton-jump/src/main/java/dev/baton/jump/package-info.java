/**
 * The release jump (seed jump2nr): recipes of local and remote commands with variables and built-ins, checked and
 * dry-run before anything runs, then run over SSH across many hosts, a few at a time through a Baton lock, with each
 * host's progress stored so that an interrupted run resumes where it stopped.
 *
 * <p>Sub-packages by capability: {@code recipe} (the language: parsing, checking, variables), {@code plan} (the dry
 * run), {@code ssh} (connections to the hosts), {@code builtin} (the built-ins a recipe calls with {@code jump(...)}),
 * {@code run} (runs across a fleet, their durable state). The jump's store interface is implemented in baton-store;
 * the lock service knows nothing of the jump.
 */
package dev.baton.jump;
