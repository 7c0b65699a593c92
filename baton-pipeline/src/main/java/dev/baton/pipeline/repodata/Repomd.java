package dev.baton.pipeline.repodata;

import java.util.List;
import java.util.Optional;

/** A repository's repomd.xml: its revision and the metadata files it lists. */
public record Repomd(String revision, List<RepomdEntry> entries) {
  public Repomd {
    entries = List.copyOf(entries);
  }

  /** The entry of {@code type} ("primary", "updateinfo", ...), if listed. */
  public Optional<RepomdEntry> entry(String type) {
    return entries.stream().filter(e -> e.type().equals(type)).findFirst();
  }
}
