package dev.baton.pipeline.rpm;

/** rpm's ordering of versions and of packages of one name (newest last). */
public final class RpmVersions {

    private RpmVersions() {
    }

    /** rpm's version comparison (rpmvercmp): digit runs compare as numbers and beat letter runs. */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            while (i < a.length() && !Character.isLetterOrDigit(a.charAt(i))) {
                i++;
            }
            while (j < b.length() && !Character.isLetterOrDigit(b.charAt(j))) {
                j++;
            }
            if (i >= a.length() || j >= b.length()) {
                return Boolean.compare(i < a.length(), j < b.length());
            }
            boolean digits = Character.isDigit(a.charAt(i));
            if (digits != Character.isDigit(b.charAt(j))) {
                return digits ? 1 : -1;
            }
            int si = i;
            int sj = j;
            while (i < a.length() && (digits ? Character.isDigit(a.charAt(i)) : Character.isLetter(a.charAt(i)))) {
                i++;
            }
            while (j < b.length() && (digits ? Character.isDigit(b.charAt(j)) : Character.isLetter(b.charAt(j)))) {
                j++;
            }
            String x = a.substring(si, i);
            String y = b.substring(sj, j);
            if (digits) {
                x = x.replaceFirst("^0+(?=.)", "");
                y = y.replaceFirst("^0+(?=.)", "");
                if (x.length() != y.length()) {
                    return Integer.compare(x.length(), y.length());
                }
            }
            int c = x.compareTo(y);
            if (c != 0) {
                return Integer.signum(c);
            }
        }
    }

    /** rpm's order of two packages by epoch, then version, then release (the name and arch are not compared). */
    public static int compareEvr(Nevra a, Nevra b) {
        int c = Integer.compare(a.epoch(), b.epoch());
        if (c == 0) {
            c = compare(a.version(), b.version());
        }
        return c != 0 ? c : compare(a.release(), b.release());
    }
}
