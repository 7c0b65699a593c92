/**
 * What people do with repositories: add a remote's checked packages or chosen ones (signing them with the
 * repository's key), remove, promote from one repository into another, and mark packages tested or failed
 * ({@link dev.baton.pipeline.release.Releases}). Every change is a new version of a repository and asks for a
 * publication.
 */
package dev.baton.pipeline.release;
