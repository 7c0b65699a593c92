package dev.baton.pipeline.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.testing.GpgHome;
import org.junit.jupiter.api.Test;

class PublicKeysTest {

    @Test
    void readsEveryKeyOfAnArmoredBlock() {
        try (GpgHome gpg = GpgHome.create()) {
            String a = gpg.generateKey(GpgHome.Algorithm.EDDSA, "A <a@example.org>");
            String b = gpg.generateKey(GpgHome.Algorithm.EDDSA, "B <b@example.org>");
            gpg.gpg("--pinentry-mode", "loopback", "--passphrase", "", "--quick-add-key", gpg.fingerprintOf(a),
                    "ed25519", "sign");
            PublicKeys keys = PublicKeys.readArmored(gpg.gpg("--armor", "--export", a, b));
            assertThat(keys.keyIds()).hasSize(3).contains(a, b);
        }
    }

    @Test
    void refusesWhatIsNotAPublicKeyClearly() {
        assertThatThrownBy(() -> PublicKeys.readArmored("")).isInstanceOf(SigningException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> PublicKeys.readArmored("hello")).isInstanceOf(SigningException.class)
                .hasMessageContaining("not an armored OpenPGP public key");
        assertThatThrownBy(() -> PublicKeys.readArmored("-----BEGIN PGP PRIVATE KEY BLOCK-----\n"))
                .isInstanceOf(SigningException.class).hasMessageContaining("secret key");
    }
}
