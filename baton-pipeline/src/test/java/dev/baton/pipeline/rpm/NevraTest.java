package dev.baton.pipeline.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NevraTest {

    @Test
    void parsesAndPrintsTheSameForm() {
        Nevra n = Nevra.parse("hello-1.1-1.noarch");
        assertThat(n).isEqualTo(new Nevra("hello", 0, "1.1", "1", "noarch"));
        assertThat(n.toString()).isEqualTo("hello-1.1-1.noarch");
        assertThat(n.fileName()).isEqualTo("hello-1.1-1.noarch.rpm");
    }

    @Test
    void showsTheEpochOnlyWhenNotZero() {
        Nevra n = Nevra.parse("openssl-libs-1:3.0.7-18.el9.x86_64");
        assertThat(n).isEqualTo(new Nevra("openssl-libs", 1, "3.0.7", "18.el9", "x86_64"));
        assertThat(n.toString()).isEqualTo("openssl-libs-1:3.0.7-18.el9.x86_64");
        assertThat(n.evr()).isEqualTo("1:3.0.7-18.el9");
        assertThat(Nevra.parse("a-0:1-2.noarch")).isEqualTo(new Nevra("a", null, "1", "2", "noarch"));
        assertThat(Nevra.parse("a-0:1-2.noarch").toString()).isEqualTo("a-1-2.noarch");
        assertThat(Nevra.parse("1:a-1-2.noarch")).isEqualTo(new Nevra("a", 1, "1", "2", "noarch"));
        assertThat(Nevra.parse("a-1-2.noarch.rpm")).isEqualTo(Nevra.parse("a-1-2.noarch"));
    }

    @Test
    void refusesWhatIsNotANevraWithAClearMessage() {
        for (String bad : new String[] {"", "hello", "hello-1.noarch", "hello-1-1", "-1-1.noarch", "a-x:1-1.noarch",
                "a-1-.noarch", "a b-1-1.noarch", "a-1-1."}) {
            assertThatThrownBy(() -> Nevra.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NEVRA");
        }
    }
}
