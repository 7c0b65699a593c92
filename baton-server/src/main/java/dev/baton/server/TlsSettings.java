package dev.baton.server;

import java.nio.file.Path;

/**
 * HTTPS settings; all {@code null} serves plain HTTP.
 *
 * @param cert     {@code --tls-cert}: PEM server certificate, with its chain
 * @param key      {@code --tls-key}: PEM private key of that certificate (PKCS#1, SEC1 or PKCS#8), unencrypted
 * @param clientCa {@code --client-ca}: PEM CA(s) whose client certificates identify hosts (the Foreman door);
 *                 {@code null}: no client certificates are asked for
 */
public record TlsSettings(Path cert, Path key, Path clientCa) {

    public static final TlsSettings NONE = new TlsSettings(null, null, null);

    public TlsSettings {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
        }
        if (clientCa != null && cert == null) {
            throw new IllegalArgumentException("--client-ca needs HTTPS: give --tls-cert and --tls-key too");
        }
    }

    public boolean enabled() {
        return cert != null;
    }
}
