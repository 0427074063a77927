package io.edgeway.turn.client;

import io.edgeway.stun.codec.StunMessage;
import io.edgeway.turn.wire.ChannelData;
import io.netty.buffer.ByteBuf;

/**
 * Cuts a TCP or TLS byte stream from a TURN server into single messages (RFC 8656 §12.5): a STUN
 * message is its 20-byte header plus the header's length; ChannelData is its 4-byte header plus the
 * data, padded to a multiple of four on streams, the padding not being part of the message.
 *
 * <p>Stateless, allocation-free and thread-safe; borrows the buffer and moves no index.
 */
public final class TurnStreamFraming {

    /** Returned by {@link #frameLength} when fewer bytes than one whole frame are available. */
    public static final int NEED_MORE = -1;
    /** Returned by {@link #frameLength} when the bytes are neither STUN nor ChannelData: framing is lost. */
    public static final int NOT_TURN = -2;

    private TurnStreamFraming() {
    }

    /**
     * How many bytes the frame at {@code offset} occupies on the stream (padding included), given
     * {@code readable} bytes from there; {@link #NEED_MORE} or {@link #NOT_TURN} otherwise.
     */
    public static int frameLength(ByteBuf buf, int offset, int readable) {
        if (readable < ChannelData.HEADER_LENGTH) {
            return NEED_MORE;
        }
        int first = buf.getUnsignedByte(offset);
        int declared = buf.getUnsignedShort(offset + 2);
        int frame;
        if ((first & 0xC0) == 0) {
            frame = StunMessage.HEADER_LENGTH + declared;
        } else if (ChannelData.looksLikeChannelData(buf, offset)) {
            frame = ChannelData.HEADER_LENGTH + ChannelData.paddedLength(declared);
        } else {
            return NOT_TURN;
        }
        return readable < frame ? NEED_MORE : frame;
    }

    /** Length of the message at {@code offset} without stream padding; call after {@link #frameLength}. */
    public static int messageLength(ByteBuf buf, int offset) {
        int declared = buf.getUnsignedShort(offset + 2);
        return (buf.getUnsignedByte(offset) & 0xC0) == 0
                ? StunMessage.HEADER_LENGTH + declared
                : ChannelData.HEADER_LENGTH + declared;
    }
}
