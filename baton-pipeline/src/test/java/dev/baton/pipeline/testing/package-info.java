/**
 * Test fixtures shipped in baton-pipeline's test-jar: {@link dev.baton.pipeline.testing.RpmBuilder} builds small
 * packages with the real rpmbuild, {@link dev.baton.pipeline.testing.GpgHome} holds throw-away gpg keys and signs
 * with the real gpg and rpmsign.
 */
package dev.baton.pipeline.testing;
