package dev.baton.jump.builtin;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The size the jump partition must have: the recipe variable {@code JUMP_IMAGE_SIZE} ({@code 2G}) if defined, else
 * the size of the local file named by {@code JUMP_TAR} (relative to the recipe's directory) if it exists, else none
 * (not checked). A compressed image unpacks to more than its file size: {@code JUMP_IMAGE_SIZE} says what it needs.
 *
 * @param bytes  the size needed
 * @param source where that comes from, for messages ({@code JUMP_IMAGE_SIZE=2G}, {@code the size of jump.system.tgz})
 */
record ImageSize(long bytes, String source) {

    static Optional<ImageSize> required(Variables vars, Path recipeDirectory) {
        Optional<String> declared = vars.get(Builtins.IMAGE_SIZE_VARIABLE);
        if (declared.isPresent()) {
            return Optional.of(new ImageSize(Builtins.size(declared.get()),
                    Builtins.IMAGE_SIZE_VARIABLE + "=" + declared.get()));
        }
        Optional<String> image = vars.get(Builtins.IMAGE_FILE_VARIABLE);
        if (image.isPresent()) {
            Path file = recipeDirectory.resolve(image.get());
            try {
                if (Files.isRegularFile(file)) {
                    return Optional.of(new ImageSize(Files.size(file), "the size of " + image.get()));
                }
            } catch (IOException e) {
                // unreadable: not checked, like a missing file
            }
        }
        return Optional.empty();
    }

    /** {@code 64.0 MiB}. */
    static String human(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
