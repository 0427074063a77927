package io.edgeway.stun.codec;

import io.edgeway.core.sharedport.PortProtocol.Recognition;
import io.netty.buffer.ByteBuf;

/**
 * Whether a stream's first bytes can start a STUN message, for a shared port's protocols that carry STUN
 * (TURN over TCP or TLS, ICE-TCP after its RFC 4571 length): RFC 8489 §5's two zero bits, then the magic
 * cookie at offset 4, judged on as many bytes as have arrived. Stateless.
 */
public final class StunStreamStart {

    private static final int COOKIE_OFFSET = 4;

    private StunStreamStart() {
    }

    /**
     * @param head   borrowed; its bytes up to {@code writerIndex} are what has arrived
     * @param offset where the STUN message would start
     */
    public static Recognition at(ByteBuf head, int offset) {
        int available = head.writerIndex() - offset;
        if (available < 1) {
            return Recognition.NEED_MORE;
        }
        if ((head.getUnsignedByte(offset) & 0xC0) != 0) {
            return Recognition.NOT_MINE;
        }
        for (int i = COOKIE_OFFSET; i < Math.min(available, COOKIE_OFFSET + 4); i++) {
            int expected = (StunMessage.MAGIC_COOKIE >>> (8 * (COOKIE_OFFSET + 3 - i))) & 0xFF;
            if (head.getUnsignedByte(offset + i) != expected) {
                return Recognition.NOT_MINE;
            }
        }
        return available < COOKIE_OFFSET + 4 ? Recognition.NEED_MORE : Recognition.MINE;
    }
}
