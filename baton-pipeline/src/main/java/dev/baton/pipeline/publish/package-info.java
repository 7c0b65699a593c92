/**
 * Publications: a repository version as a directory that dnf (through Baton's {@code /repos/} or any plain web
 * server) reads: package files, {@code repodata/}, {@code repomd.xml.asc}, built beside the live one and switched
 * atomically. {@link dev.baton.pipeline.publish.Publisher} gathers what to publish from the domain;
 * {@link dev.baton.pipeline.publish.Publications} owns the directories.
 */
package dev.baton.pipeline.publish;
