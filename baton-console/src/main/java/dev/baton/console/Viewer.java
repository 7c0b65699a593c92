package dev.baton.console;

import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.auth.Session;
import dev.baton.console.view.Chrome;

/** Who is looking at a page: the session, the user as the store has them now, and the client's address. */
record Viewer(Session session, Principal principal, String address) {

    Chrome chrome(String section) {
        return new Chrome(principal.name(), principal.role().wireName(), session.csrf(), section,
                ConsoleAccess.roleAllows(principal, Permission.OPERATE_LOCKS),
                ConsoleAccess.may(principal, Permission.MANAGE_PEOPLE, null),
                ConsoleAccess.may(principal, Permission.VIEW_AUDIT, null));
    }

    String name() {
        return principal.name();
    }
}
