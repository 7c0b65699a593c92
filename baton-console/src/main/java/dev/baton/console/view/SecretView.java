package dev.baton.console.view;

import dev.baton.auth.Credential;

/** A credential just created and its secret, shown on this one answer and never again. */
public record SecretView(Credential credential, String secret) {
}
