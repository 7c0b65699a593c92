package dev.baton.jump.plan;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Variables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a built-in call will do on a host, in words, for the dry run: {@code name(args)  # what it does}. */
final class BuiltinDescriptions {
    static final String REBOOT_WAIT = "the host reboots: wait until it answers SSH again, at most %s";

    private BuiltinDescriptions() {
    }

    static String describe(String function, List<String> args, Variables vars, Recipe recipe) {
        String call = function + "(" + String.join(", ", args) + ")  # ";
        return call + switch (function) {
            case Builtins.USEPARTITION -> usepartition(args.get(0), args.get(1), vars, recipe);
            case Builtins.SHOWVARS -> "write every variable and its value to the host's log: " + String.join(", ", vars.names());
            case Builtins.COPY -> "upload " + String.join(", ", args.subList(0, args.size() - 1))
                    + " (relative names: in the recipe's directory) to " + args.getLast() + " on the host over SSH";
            case Builtins.HOSTKEY -> "after its next reboot the host must present the key "
                    + (args.getFirst().startsWith("SHA256:") ? args.getFirst() : "in " + args.getFirst());
            case Builtins.REBOOT -> REBOOT_WAIT.formatted(args.isEmpty() ? Builtins.DEFAULT_REBOOT_TIMEOUT.toMinutes() + "m" : args.getFirst());
            default -> "a built-in this version does not know";
        };
    }

    private static String usepartition(String partition, String mountPoint, Variables vars, Recipe recipe) {
        String which = partition.equals("swap") ? "find the host's swap partition, swapoff it"
                : "take " + partition + " out of use (swapoff or umount)";
        return which + ", " + sizeCheck(vars, recipe) + ", format it and mount it at " + mountPoint
                + "; sets _JUMPPARTITION, _JUMPDEV, _JUMPDEVICEID, _MOUNTDIR";
    }

    /** Which size the partition must have, as {@code usepartition} will decide it. */
    private static String sizeCheck(Variables vars, Recipe recipe) {
        Optional<String> size = vars.get(Builtins.IMAGE_SIZE_VARIABLE);
        if (size.isPresent()) {
            return "check it holds at least " + size.get() + " (" + Builtins.IMAGE_SIZE_VARIABLE + ")";
        }
        Optional<String> image = vars.get(Builtins.IMAGE_FILE_VARIABLE);
        if (image.isEmpty()) {
            return "size not checked (neither " + Builtins.IMAGE_SIZE_VARIABLE + " nor " + Builtins.IMAGE_FILE_VARIABLE + " is set)";
        }
        Path file = recipe.directory().resolve(image.get());
        try {
            if (Files.isRegularFile(file)) {
                return "check it holds at least " + Files.size(file) + " bytes (the size of " + image.get() + ")";
            }
        } catch (java.io.IOException | SecurityException e) {
            // not readable: said below
        }
        return "size not checked (" + Builtins.IMAGE_SIZE_VARIABLE + " is not set and " + image.get()
                + " is not a file in the recipe's directory)";
    }
}
