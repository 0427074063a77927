package io.edgeway.core.media.sdp;

/**
 * Character-level checks shared by the value types, so that every value that can be built can also be
 * written: nothing a caller passes in may contain a line break (which would smuggle a line into the
 * description) or a NUL, and the fields that RFC 8866 §9 defines as tokens must be tokens.
 */
final class SdpSyntax {

    private SdpSyntax() {
    }

    /** Returns {@code value} if it is non-empty and holds no CR, LF or NUL; throws otherwise. */
    static String text(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        return textOrEmpty(what, value);
    }

    /** Like {@link #text} but allows the empty string. */
    static String textOrEmpty(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " contains a line break or NUL");
            }
        }
        return value;
    }

    /** Like {@link #text} but also refuses spaces: for fields that sit between spaces on their line. */
    static String word(String what, String value) {
        text(what, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                throw new IllegalArgumentException(what + " contains a space: \"" + value + "\"");
            }
        }
        return value;
    }

    /** Returns {@code value} if it is an RFC 8866 §9 {@code token}; throws otherwise. */
    static String token(String what, String value) {
        text(what, value);
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                throw new IllegalArgumentException(what + " is not a token: \"" + value + "\"");
            }
        }
        return value;
    }

    // RFC 8866 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
    static boolean isTokenChar(char c) {
        return c == 0x21
                || (c >= 0x23 && c <= 0x27)
                || c == 0x2A || c == 0x2B
                || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39)
                || (c >= 0x41 && c <= 0x5A)
                || (c >= 0x5E && c <= 0x7E);
    }

    /** Parses a non-negative decimal that fits a long; throws IllegalArgumentException otherwise. */
    static long unsigned(String what, String digits, long max) {
        if (digits.isEmpty() || digits.length() > 19) {
            throw new IllegalArgumentException(what + " is not a number: \"" + digits + "\"");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(what + " is not a number: \"" + digits + "\"");
            }
        }
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is out of range: " + digits);
        }
        if (value > max) {
            throw new IllegalArgumentException(what + " is out of range (max " + max + "): " + digits);
        }
        return value;
    }

    static int unsignedInt(String what, String digits, int max) {
        return (int) unsigned(what, digits, max);
    }
}
