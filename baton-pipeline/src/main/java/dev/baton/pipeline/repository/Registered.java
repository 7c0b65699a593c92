package dev.baton.pipeline.repository;

/** A registered file and its current state of its own (the new one, or what it had when it was known already). */
public record Registered(PackageRecord record, PackageState state) {
}
