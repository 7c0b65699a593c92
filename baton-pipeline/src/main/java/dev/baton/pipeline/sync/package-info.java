/**
 * Mirroring: the {@code remote-sync} job reads a remote's metadata, fetches the packages the content store lacks,
 * checks each (size, sha256, OpenPGP signature by the remote's keys) and records its state; upstream advisories
 * come along.
 */
package dev.baton.pipeline.sync;
