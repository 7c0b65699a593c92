package dev.baton.jump.run;

/** A jump run of that name exists already. */
public final class JumpRunExistsException extends RuntimeException {

    public JumpRunExistsException(String name) {
        super("a jump run named " + name + " exists already; choose another name (--name)");
    }
}
