package dev.baton.console.view;

/**
 * What every page's frame shows and needs: who is logged in, the session's CSRF token (in every form, and in
 * the header of every htmx request), the section the page belongs to, and whether the viewer may act.
 *
 * @param user       the user name, or null on the login page
 * @param role       the user's role (wire name)
 * @param csrf       the session's CSRF token, or the login form's
 * @param section    {@code overview}, {@code locks}, {@code hosts}, {@code history} or empty
 * @param canOperate whether action controls are shown (the server checks again on every action)
 */
public record Chrome(String user, String role, String csrf, String section, boolean canOperate) {

    public static Chrome anonymous(String csrf) {
        return new Chrome(null, null, csrf, "", false);
    }

    public boolean loggedIn() {
        return user != null;
    }
}
