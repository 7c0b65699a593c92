package dev.baton.pipeline.rpm;

import java.util.Objects;

/**
 * A package's identity: name, epoch, version, release and architecture, written {@code name-[epoch:]version-release.arch}
 * (for example {@code hello-1.1-1.noarch} or {@code openssl-1:3.0.7-18.el9.x86_64}). The epoch is shown only when it
 * is not zero; a missing epoch ({@code null}) is the same as epoch 0 and is stored as 0.
 */
public record Nevra(String name, Integer epoch, String version, String release, String arch) {

    public Nevra {
        requirePart(name, "name");
        requirePart(version, "version");
        requirePart(release, "release");
        requirePart(arch, "arch");
        if (epoch == null) {
            epoch = 0;
        } else if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }

    /**
     * Parses {@code name-[epoch:]version-release.arch}; also accepts the epoch in front ({@code epoch:name-version-release.arch})
     * and a trailing {@code .rpm}.
     *
     * @throws IllegalArgumentException naming what is missing when the text is not a NEVRA
     */
    public static Nevra parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.endsWith(".rpm")) {
            s = s.substring(0, s.length() - 4);
        }
        int dot = s.lastIndexOf('.');
        int lastDash = dot < 0 ? -1 : s.lastIndexOf('-', dot);
        int firstDash = lastDash <= 0 ? -1 : s.lastIndexOf('-', lastDash - 1);
        if (dot < 0 || lastDash < 0 || firstDash <= 0 || dot < lastDash) {
            throw new IllegalArgumentException("not a package NEVRA (expected name-version-release.arch, e.g. "
                    + "hello-1.1-1.noarch): '" + text + "'");
        }
        String name = s.substring(0, firstDash);
        String ev = s.substring(firstDash + 1, lastDash);
        String release = s.substring(lastDash + 1, dot);
        String arch = s.substring(dot + 1);
        Integer epoch = null;
        int nameColon = name.indexOf(':');
        if (nameColon >= 0) {
            epoch = parseEpoch(name.substring(0, nameColon), text);
            name = name.substring(nameColon + 1);
        }
        int colon = ev.indexOf(':');
        if (colon >= 0) {
            if (epoch != null) {
                throw new IllegalArgumentException("two epochs in NEVRA '" + text + "'");
            }
            epoch = parseEpoch(ev.substring(0, colon), text);
            ev = ev.substring(colon + 1);
        }
        try {
            return new Nevra(name, epoch, ev, release, arch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a package NEVRA '" + text + "': " + e.getMessage(), e);
        }
    }

    private static int parseEpoch(String digits, String text) {
        try {
            int epoch = Integer.parseInt(digits);
            if (epoch < 0) {
                throw new NumberFormatException();
            }
            return epoch;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the epoch of NEVRA '" + text + "' is not a number: '" + digits + "'");
        }
    }

    private static void requirePart(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/') {
                throw new IllegalArgumentException("the " + what + " contains a space, control character or '/': '"
                        + value + "'");
            }
        }
    }

    /** The package's file name as repositories use it: {@code name-version-release.arch.rpm} (no epoch). */
    public String fileName() {
        return name + "-" + version + "-" + release + "." + arch + ".rpm";
    }

    /** {@code version-release}, with {@code epoch:} in front when the epoch is not zero. */
    public String evr() {
        return (epoch != 0 ? epoch + ":" : "") + version + "-" + release;
    }

    @Override
    public String toString() {
        return name + "-" + evr() + "." + arch;
    }
}
