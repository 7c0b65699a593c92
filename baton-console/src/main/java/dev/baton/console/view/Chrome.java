package dev.baton.console.view;

/**
 * What every page's frame shows and needs: who is logged in, the session's CSRF token (in every form, and in
 * the header of every htmx request), the section the page belongs to, and what the viewer may see and do.
 *
 * @param user       the user name, or null on the login page
 * @param role       the user's role (wire name)
 * @param csrf       the session's CSRF token, or the login form's
 * @param section    {@code overview}, {@code locks}, {@code hosts}, {@code history}, {@code people}, {@code audit},
 *                   {@code jobs}, {@code jumps}, {@code remotes}, {@code repositories}, {@code packages}, {@code advisories},
 *                   {@code notifications} or empty
 * @param canOperate whether action controls are shown (the server checks again on every action)
 * @param people     whether the People page is linked (the viewer may manage people)
 * @param audit      whether the Audit page is linked (the viewer may read the audit trail)
 */
public record Chrome(String user, String role, String csrf, String section, boolean canOperate, boolean people,
                     boolean audit) {

    public static Chrome anonymous(String csrf) {
        return new Chrome(null, null, csrf, "", false, false, false);
    }

    public boolean loggedIn() {
        return user != null;
    }
}
