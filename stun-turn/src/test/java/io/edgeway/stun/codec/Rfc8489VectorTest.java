package io.edgeway.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithm;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.UserHash;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * RFC 8489 Appendix B.1 (long-term authentication with MESSAGE-INTEGRITY-SHA256 and USERHASH), in the
 * corrected form of RFC Errata ID 6268.
 */
class Rfc8489VectorTest {

    private static final byte[] SHA256_KEY =
            TestVectors.longTermKey("SHA-256", TestVectors.USERNAME, TestVectors.REALM, TestVectors.PASSWORD);

    private final StunMessage message = new StunMessage();

    @Test
    void userHashOfTheVectorIsComputedFromUsernameAndRealm() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC8489_B1_REQUEST));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            int index = message.indexOf(StunAttributeType.USERHASH);
            byte[] computed = UserHash.compute(TestVectors.USERNAME, TestVectors.REALM);
            assertThat(UserHash.read(message, index)).isEqualTo(computed);
            assertThat(UserHash.matches(message, index, computed)).isTrue();
            assertThat(UserHash.matches(message, index, UserHash.compute("neo", TestVectors.REALM))).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void messageIntegritySha256VerifiesWithTheSha256LongTermKey() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(TestVectors.load(TestVectors.RFC8489_B1_REQUEST));
        try {
            message.wrap(buf, 0, buf.readableBytes());
            assertThat(message.messageType()).isEqualTo(StunMessageType.BINDING_REQUEST);
            assertThat(message.integrityIndex()).isEqualTo(-1);
            assertThat(message.integritySha256Index()).isEqualTo(4);
            assertThat(TextAttribute.readFirst(message, StunAttributeType.NONCE))
                    .isEqualTo("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");
            assertThat(TextAttribute.readFirst(message, StunAttributeType.REALM)).isEqualTo(TestVectors.REALM);
            assertThat(PasswordAlgorithm.algorithm(message, message.indexOf(StunAttributeType.PASSWORD_ALGORITHM)))
                    .isEqualTo(PasswordAlgorithms.SHA256);
            assertThat(MessageIntegritySha256.verify(message, SHA256_KEY)).isTrue();
            byte[] md5Key = TestVectors.longTermKey("MD5", TestVectors.USERNAME, TestVectors.REALM, TestVectors.PASSWORD);
            assertThat(MessageIntegritySha256.verify(message, md5Key)).isFalse();
        } finally {
            buf.release();
        }
    }
}
