package dev.baton.jump.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JumpPartitionTest {

    @Test
    void theDiskAndGrubNameFollowFromThePartitionsName() {
        assertThat(JumpPartition.diskAndGrubId("/dev/sda2")).hasValueSatisfying(d -> assertThat(d).containsExactly("/dev/sda", "hd0,1"));
        assertThat(JumpPartition.diskAndGrubId("/dev/sdb1")).hasValueSatisfying(d -> assertThat(d).containsExactly("/dev/sdb", "hd1,0"));
        assertThat(JumpPartition.diskAndGrubId("/dev/vda3")).hasValueSatisfying(d -> assertThat(d).containsExactly("/dev/vda", "hd0,2"));
        assertThat(JumpPartition.diskAndGrubId("/dev/xvda2")).hasValueSatisfying(d -> assertThat(d).containsExactly("/dev/xvda", "hd0,1"));
        assertThat(JumpPartition.diskAndGrubId("/dev/nvme0n1p3")).hasValueSatisfying(d -> assertThat(d).containsExactly("/dev/nvme0n1", "hd0,2"));
        assertThat(JumpPartition.diskAndGrubId("/dev/mmcblk1p1")).hasValueSatisfying(d -> assertThat(d).containsExactly("/dev/mmcblk1", "hd1,0"));
        assertThat(JumpPartition.diskAndGrubId("/dev/mapper/vg-swap")).isEmpty();
        assertThat(JumpPartition.diskAndGrubId("/dev/sda")).isEmpty();
        assertThat(JumpPartition.diskAndGrubId("/dev/sda0")).isEmpty();
    }
}
