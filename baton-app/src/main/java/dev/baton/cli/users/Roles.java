package dev.baton.cli.users;

import java.util.Iterator;
import java.util.List;

/** The roles, for help texts and shell completion; the server decides what is valid. */
public final class Roles implements Iterable<String> {

    /** What each role may do, in a sentence for help texts. */
    public static final String HELP = "admin (everything), operator (force-release, freeze, slots, hold as any holder), "
            + "release-manager, signer and tester (the package pipeline), host (acquire, release and report only as its "
            + "--holder names; credentials only), viewer (read only).";

    @Override
    public Iterator<String> iterator() {
        return List.of("admin", "operator", "release-manager", "signer", "tester", "host", "viewer").iterator();
    }
}
