package dev.baton.jump.builtin;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A partition found on a host for the jump system, and the names GRUB legacy and grub-install need for it.
 *
 * @param device    the partition, e.g. {@code /dev/sda2} ({@code _JUMPPARTITION})
 * @param bytes     its size
 * @param swap      whether it is in use as swap now
 * @param disk      the disk it is on, e.g. {@code /dev/sda} ({@code _JUMPDEV}, what grub-install wants)
 * @param grubId    GRUB legacy's name of it without parentheses, e.g. {@code hd0,1} ({@code _JUMPDEVICEID}, what
 *                  the sample's {@code sed -e s:hd0,0:%_JUMPDEVICEID%:} puts into menu.lst)
 */
public record JumpPartition(String device, long bytes, boolean swap, String disk, String grubId) {

    /** {@code /dev/sda2}, {@code /dev/vdb1}, {@code /dev/hda3}, {@code /dev/xvda2}: disk letter, partition number. */
    private static final Pattern LETTERED = Pattern.compile("(/dev/(?:sd|vd|hd|xvd))([a-z])(\\d+)");
    /** {@code /dev/nvme0n1p2}, {@code /dev/mmcblk0p2}: disk number, partition number. */
    private static final Pattern NUMBERED = Pattern.compile("(/dev/(?:nvme(\\d+)n\\d+|mmcblk(\\d+)))p(\\d+)");

    /**
     * The disk and GRUB name of a partition device, derived from its name as GRUB legacy counts (disks in BIOS
     * order, taken here as the kernel's order: {@code sda} is {@code hd0}; partitions from 0: {@code sda2} is
     * {@code hd0,1}). Empty for names this does not know (LVM, md): such a partition cannot hold the jump system
     * for GRUB legacy anyway.
     */
    public static Optional<String[]> diskAndGrubId(String device) {
        Matcher m = LETTERED.matcher(device);
        if (m.matches()) {
            int disk = m.group(2).charAt(0) - 'a';
            int part = Integer.parseInt(m.group(3)) - 1;
            return part < 0 ? Optional.empty() : Optional.of(new String[] {m.group(1) + m.group(2), "hd" + disk + "," + part});
        }
        m = NUMBERED.matcher(device);
        if (m.matches()) {
            int disk = Integer.parseInt(m.group(2) != null ? m.group(2) : m.group(3));
            int part = Integer.parseInt(m.group(4)) - 1;
            return part < 0 ? Optional.empty() : Optional.of(new String[] {m.group(1), "hd" + disk + "," + part});
        }
        return Optional.empty();
    }
}
