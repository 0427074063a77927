package io.edgeway.stun.auth;

import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** RFC 5769 §2.4 "Sample Request with Long-Term Authentication", shared by the auth tests. */
final class Rfc5769LongTermVector {

    /** U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 ("matorikkusu"), unchanged by SASLprep and OpaqueString. */
    static final String USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    /** The RFC's password "TheM\u00AAtr\u2168" after SASLprep, which the vector's key was made with. */
    static final String PASSWORD = "TheMatrIX";
    static final String REALM = "example.org";
    /**
     * MD5("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"), computed outside Java with
     * md5sum and checked to verify the MESSAGE-INTEGRITY of {@link #REQUEST} (HMAC-SHA1 f67024...9666).
     */
    static final String MD5_KEY_HEX = "e8ca7ad59d5eb0518e312911d2dab2a9";
    /** SHA-256 of the same string, computed with sha256sum. */
    static final String SHA256_KEY_HEX = "dd295a613b9058c3c23d6dc7165bda072304d989c9d0af3a8c7e184b4f9bb4a1";

    static final byte[] REQUEST = HexFormat.of().parseHex((""
            + "00010060 2112a442 78ad3433 c6ad72c0 29da412e"
            + "00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000"
            + "0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341"
            + "0014000b 6578616d 706c652e 6f726700"
            + "00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666").replace(" ", ""));

    private Rfc5769LongTermVector() {
    }

    /** Whether the vector's MESSAGE-INTEGRITY verifies with {@code key}, using the project's codec. */
    static boolean integrityVerifies(byte[] key) throws StunParseException {
        ByteBuf buf = Unpooled.wrappedBuffer(REQUEST.clone());
        try {
            StunMessage message = new StunMessage().wrap(buf, 0, buf.readableBytes());
            return MessageIntegrity.verify(message, key);
        } finally {
            buf.release();
        }
    }
}
