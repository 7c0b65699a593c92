package dev.baton.pipeline.rpm;

/**
 * PLACEHOLDER owned by engineer rpm (contract15.md): removed from branch i15-repodata before i15-rpm is merged.
 * Name, epoch (0 when absent), version, release, arch.
 */
public record Nevra(String name, int epoch, String version, String release, String arch) {
  public static Nevra parse(String text) {
    int dot = text.lastIndexOf('.');
    String arch = text.substring(dot + 1);
    String rest = text.substring(0, dot);
    int dash = rest.lastIndexOf('-');
    String release = rest.substring(dash + 1);
    rest = rest.substring(0, dash);
    dash = rest.lastIndexOf('-');
    String evr = rest.substring(dash + 1);
    String name = rest.substring(0, dash);
    int colon = evr.indexOf(':');
    int epoch = colon < 0 ? 0 : Integer.parseInt(evr.substring(0, colon));
    return new Nevra(name, epoch, evr.substring(colon + 1), release, arch);
  }

  @Override public String toString() {
    return name + "-" + (epoch != 0 ? epoch + ":" : "") + version + "-" + release + "." + arch;
  }
}
