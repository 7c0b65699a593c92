package dev.baton.jump.testhosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Harmless stand-ins for the commands of a jump that would harm the machine the tests run on, installed in
 * {@code /usr/local/sbin} of every test host (first on root's PATH, before the real ones). Each records its call in
 * {@value #COMMAND_LOG} ({@code name args}), which {@link TestHost#commandLog()} reads.
 *
 * <ul>
 *   <li>{@code reboot}, {@code shutdown}, {@code halt}, {@code poweroff}: ask the harness to reboot the host (it
 *       stops the host's sshd, which ends the command and drops the connection, then starts it again as configured
 *       by {@link TestHost#onReboot}); they never return by themselves.
 *   <li>{@code grub-install}: records its arguments only.
 *   <li>{@code swapoff DEV|-a}, {@code swapon DEV|-a|--show}: edit and show the host's fake {@code /proc/swaps}.
 *   <li>{@code mount DEV DIR}, {@code umount DIR}: edit and show the host's fake {@code /proc/mounts}; nothing is
 *       mounted (the mount point stays a plain directory of the host's root).
 * </ul>
 */
final class StandIns {

    /** Where the stand-ins record their calls, inside the host's root. */
    static final String COMMAND_LOG = "/var/log/testhost-commands.log";
    /** The file a reboot stand-in writes to ask for a reboot, inside the host's root. */
    static final String REBOOT_REQUEST = "run/testhost/reboot-requested";

    private static final String HEAD = "#!/bin/sh\n# Test host stand-in (see StandIns): nothing real happens.\n"
            + "echo \"$(basename \"$0\") $*\" >> " + COMMAND_LOG + "\n";

    private static final String REBOOT = HEAD + """
            echo "$(basename "$0") $*" > /run/testhost/reboot-requested.tmp
            mv /run/testhost/reboot-requested.tmp /run/testhost/reboot-requested
            echo "The system is going down for reboot NOW!"
            # The harness stops this host's sshd, which ends this command; like a real reboot, it never returns.
            sleep 120
            exit 1
            """;

    private static final String GRUB_INSTALL = HEAD + """
            echo "Installation finished. No error reported."
            """;

    private static final String SWAPOFF = HEAD + """
            [ $# -ge 1 ] || { echo "swapoff: bad usage" >&2; exit 1; }
            if [ "$1" = "-a" ]; then
              head -n 1 /proc/swaps > /proc/swaps.new && mv /proc/swaps.new /proc/swaps; exit 0
            fi
            grep -q "^$1[[:space:]]" /proc/swaps || { echo "swapoff: $1: swapoff failed: Invalid argument" >&2; exit 255; }
            grep -v "^$1[[:space:]]" /proc/swaps > /proc/swaps.new && mv /proc/swaps.new /proc/swaps
            """;

    private static final String SWAPON = HEAD + """
            case "$1" in
              --show*|-s)
                case "$*" in *noheadings*) ;; *) echo "NAME TYPE SIZE USED PRIO" ;; esac
                tail -n +2 /proc/swaps | while read -r n t s u p; do echo "$n $t $((s * 1024)) $((u * 1024)) $p"; done
                ;;
              -a) ;;
              /*)
                [ -e "$1" ] || { echo "swapon: cannot open $1: No such file or directory" >&2; exit 255; }
                kb=$(( $(stat -L -c %s "$1") / 1024 ))
                printf '%s\\tpartition\\t%s\\t0\\t-2\\n' "$1" "$kb" >> /proc/swaps
                ;;
              *) echo "swapon: unsupported by the test host stand-in: $*" >&2; exit 1 ;;
            esac
            """;

    private static final String MOUNT = HEAD + """
            if [ $# -eq 0 ]; then cat /proc/mounts; exit 0; fi
            dev="" dir="" type=auto
            while [ $# -gt 0 ]; do
              case "$1" in
                -t) type="$2"; shift 2 ;;
                -o) shift 2 ;;
                -*) shift ;;
                *) if [ -z "$dev" ]; then dev="$1"; else dir="$1"; fi; shift ;;
              esac
            done
            [ -n "$dir" ] || { echo "mount: stand-in needs DEVICE and DIRECTORY" >&2; exit 1; }
            [ -d "$dir" ] || { echo "mount: $dir: mount point does not exist." >&2; exit 32; }
            [ "$type" = auto ] && type=$(blkid -o value -s TYPE "$dev" 2>/dev/null || echo auto)
            echo "$dev $dir $type rw,relatime 0 0" >> /proc/mounts
            """;

    private static final String UMOUNT = HEAD + """
            [ $# -ge 1 ] || { echo "umount: bad usage" >&2; exit 1; }
            grep -v "[[:space:]]$1[[:space:]]" /proc/mounts | grep -v "^$1[[:space:]]" > /proc/mounts.new
            mv /proc/mounts.new /proc/mounts
            """;

    private static final Map<String, String> SCRIPTS = Map.of("reboot", REBOOT, "shutdown", REBOOT, "halt", REBOOT,
            "poweroff", REBOOT, "grub-install", GRUB_INSTALL, "swapoff", SWAPOFF, "swapon", SWAPON, "mount", MOUNT,
            "umount", UMOUNT);

    private StandIns() {
    }

    /** Writes every stand-in into {@code dir}. */
    static void write(Path dir) throws IOException {
        for (Map.Entry<String, String> script : SCRIPTS.entrySet()) {
            Path file = dir.resolve(script.getKey());
            Files.writeString(file, script.getValue());
            HostRoots.executable(file);
        }
    }
}
