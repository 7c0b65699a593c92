package dev.baton.lock;

/**
 * Validation of lock names and holder ids, shared by every protocol so a name accepted by one door is
 * accepted by all. Names end up in URLs, file names of exports, metric labels and log lines, so
 * separators, control characters and white space are refused.
 */
public final class Names {
    public static final int MAX_LOCK_NAME = 128;
    public static final int MAX_HOLDER = 255;

    private Names() {
    }

    /** Returns the name if valid, else throws {@link BadRequestException} naming the problem. */
    public static String lockName(String name) {
        if (name == null || name.isEmpty()) {
            throw new BadRequestException("lock name is missing");
        }
        if (name.length() > MAX_LOCK_NAME) {
            throw new BadRequestException("lock name is longer than " + MAX_LOCK_NAME + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new BadRequestException("lock name may not be '.' or '..'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '@' || c == '+';
            if (!ok) {
                throw new BadRequestException("lock name may contain only letters, digits and . - _ : @ +; found "
                        + describe(c) + " at position " + (i + 1));
            }
        }
        return name;
    }

    /** Returns the holder if valid: 1 to 255 printable characters without white space. */
    public static String holder(String holder) {
        if (holder == null || holder.isEmpty()) {
            throw new BadRequestException("holder is missing");
        }
        if (holder.length() > MAX_HOLDER) {
            throw new BadRequestException("holder is longer than " + MAX_HOLDER + " characters");
        }
        for (int i = 0; i < holder.length(); i++) {
            char c = holder.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new BadRequestException("holder may not contain white space or control characters; found "
                        + describe(c) + " at position " + (i + 1));
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < holder.length()
                    && Character.isLowSurrogate(holder.charAt(i + 1));
            if (pair) {
                i++; // a character outside the BMP, such as an emoji: fine
            } else if (Character.isSurrogate(c)) {
                // The stores would keep it as '?', so the holder could never release what it took.
                throw new BadRequestException("holder is not valid text; found an unpaired surrogate "
                        + describe(c) + " at position " + (i + 1));
            }
        }
        return holder;
    }

    private static String describe(char c) {
        boolean invisible = Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isSurrogate(c);
        return invisible ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
