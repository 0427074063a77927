package io.edgeway.signaling.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The request target (RFC 9112 §3.2) as routes read it: an origin-form path, optionally with a query, whose
 * percent-escapes decode to UTF-8. Path segments are decoded exactly once ({@link #decodeSegment}), so
 * {@code %252F} is the three characters {@code %2F}, never a slash, and {@code +} stays {@code +}.
 * Stateless.
 */
public final class RequestTarget {

    private RequestTarget() {
    }

    /** Why {@code uri} cannot be served, or null when it is a well-formed origin-form target. */
    static String problem(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return "the request target must be a path starting with '/'";
        }
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        try {
            decode(path, false);
            if (query >= 0) {
                decode(uri.substring(query + 1), true);
            }
        } catch (IllegalArgumentException e) {
            return "bad request target: " + e.getMessage();
        }
        return null;
    }

    /**
     * One path segment, percent-decoded once; {@code +} is kept.
     *
     * @throws IllegalArgumentException for a malformed escape or bytes that are not UTF-8
     */
    public static String decodeSegment(String segment) {
        return decode(segment, false);
    }

    private static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated percent-escape at " + i);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("malformed percent-escape at " + i);
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c <= 0xFF) {
                // Netty reads the request line as ISO-8859-1: one char per byte on the wire.
                bytes.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-escapes that are not UTF-8");
        }
    }
}
