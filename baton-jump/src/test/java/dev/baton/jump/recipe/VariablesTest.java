package dev.baton.jump.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code %name%} substitution as the sample uses it, and the edge cases jump2nr left open. */
class VariablesTest {
    private final Variables vars = Variables.EMPTY.with("JUMP_MNT", "/media/jump").with("GRUBMENU", "/boot/grub/menu.lst")
            .with("_HOST", "web1").with("EMPTY", "");

    @Test
    void variablesAreReplacedEvenWhenAdjacent() {
        assertThat(vars.expand("cp -p %JUMP_MNT%%GRUBMENU% %JUMP_MNT%%GRUBMENU%.saved"))
                .isEqualTo("cp -p /media/jump/boot/grub/menu.lst /media/jump/boot/grub/menu.lst.saved");
        assertThat(vars.expand("root@%_HOST%:/x%EMPTY%")).isEqualTo("root@web1:/x");
    }

    @Test
    void aDoublePercentIsOneLiteralPercentAndOtherPercentsStay() {
        assertThat(vars.expand("date +%%H%%M")).isEqualTo("date +%H%M");
        assertThat(vars.expand("df | grep 50% ; printf %s %5.1f %1%")).isEqualTo("df | grep 50% ; printf %s %5.1f %1%");
        assertThat(vars.expand("100%%%JUMP_MNT%")).isEqualTo("100%/media/jump");
        assertThat(vars.expand("%")).isEqualTo("%");
        assertThat(vars.expand("%%")).isEqualTo("%");
        assertThat(vars.expand("%JUMP_MNT")).isEqualTo("%JUMP_MNT");
    }

    @Test
    void aValueIsNotExpandedAgain() {
        Variables v = Variables.EMPTY.with("A", "%B%").with("B", "b");
        assertThat(v.expand("%A%")).isEqualTo("%B%");
    }

    @Test
    void anUndefinedVariableThrowsNamingIt() {
        assertThatThrownBy(() -> vars.expand("echo %NOPE%")).isInstanceOfSatisfying(UndefinedVariableException.class,
                e -> assertThat(e.name()).isEqualTo("NOPE"));
        assertThatThrownBy(() -> vars.expand("echo %jump_mnt%")).isInstanceOf(UndefinedVariableException.class);
    }

    @Test
    void referencesListsEachNameOnceInOrder() {
        assertThat(Variables.references("%B% %A%%B% %% %1% 50% %_X%")).containsExactly("B", "A", "_X");
    }

    @Test
    void variablesKeepTheOrderOfFirstDefinitionAndAreImmutable() {
        Variables a = Variables.of(Map.of("X", "1"));
        Variables b = a.with("Y", "2").with("X", "3");
        assertThat(a.get("Y")).isEmpty();
        assertThat(b.names()).containsExactly("X", "Y");
        assertThat(b.get("X")).contains("3");
        assertThat(b.toString()).isEqualTo("X=3\nY=2\n");
        assertThatThrownBy(() -> a.with("a-b", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void internalVariablesForAHost() {
        Variables v = InternalVariables.forHost("web1", java.nio.file.Path.of("/var/log/jump"));
        assertThat(v.names()).containsExactly("_HOST", "_LOGFILE");
        assertThat(v.expand("%_LOGFILE%")).isEqualTo("/var/log/jump/web1.log");
        assertThat(InternalVariables.ALL).containsExactlyInAnyOrder("_JUMPPARTITION", "_JUMPDEV", "_JUMPDEVICEID", "_HOST",
                "_LOGFILE", "_MOUNTDIR");
    }

    @Test
    void builtinDeclarationsDurationsAndSizes() {
        assertThat(Builtins.all()).extracting(BuiltinSpec::name).containsExactly("usepartition", "showvars", "copy", "hostkey", "reboot");
        assertThat(Builtins.spec("UsePartition").orElseThrow().setsVariables())
                .containsExactly("_JUMPPARTITION", "_JUMPDEV", "_JUMPDEVICEID", "_MOUNTDIR");
        assertThat(Builtins.spec("nothing")).isEmpty();
        assertThat(Builtins.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Builtins.duration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Builtins.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Builtins.duration("600")).isEqualTo(Duration.ofMinutes(10));
        for (String bad : List.of("", "0s", "soon", "-5m", "5 minutes")) {
            assertThatThrownBy(() -> Builtins.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Builtins.size("2G")).isEqualTo(2L << 30);
        assertThat(Builtins.size("300MiB")).isEqualTo(300L << 20);
        assertThat(Builtins.size("1024")).isEqualTo(1024);
        for (String bad : List.of("", "2X", "-1G", "99999999999999T")) {
            assertThatThrownBy(() -> Builtins.size(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
