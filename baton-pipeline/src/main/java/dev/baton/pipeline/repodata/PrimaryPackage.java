package dev.baton.pipeline.repodata;

import dev.baton.pipeline.rpm.Nevra;

/**
 * What a sync needs to know of one package listed in a remote's primary.xml: which package it is, the sha256 of the
 * whole .rpm file (the pkgid), its size, and where it lies ({@code href}, relative to the repository root, checked
 * safe by {@link PrimaryReader}). {@code sourceRpm} is null when not given; times in seconds since the epoch.
 */
public record PrimaryPackage(Nevra nevra, String sha256, long packageSize, String href, long installedSize,
    long buildTime, String sourceRpm) {
}
