package io.edgeway.stun.codec;

import io.edgeway.core.buffer.ByteBufCopy;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Writes one STUN message straight into a destination buffer, attribute by attribute, keeping the
 * header's length field current after every attribute so that MESSAGE-INTEGRITY and FINGERPRINT
 * (which cover the header) can be computed over the bytes already written, without a second buffer.
 *
 * <p>Typical use: {@code begin(out, type, request)}, then attribute classes' {@code addTo(writer, ...)}
 * calls in RFC order (integrity attributes, then FINGERPRINT last), then {@link #finish()}.
 *
 * <p>The writer <em>borrows</em> the destination: the caller owns it before and after. Reusable; one
 * instance per thread.
 */
public final class StunMessageWriter {

    private ByteBuf out;
    private int start;

    /** Starts a message whose transaction id is copied from {@code request} (a response or an error). */
    public StunMessageWriter begin(ByteBuf out, int messageType, StunMessage request) {
        return begin(out, messageType, request.buffer(), request.transactionIdOffset());
    }

    /** Starts a message, copying the 12-byte transaction id from {@code idSource} at {@code idOffset}. */
    public StunMessageWriter begin(ByteBuf out, int messageType, ByteBuf idSource, int idOffset) {
        writeHeader(out, messageType);
        out.writeBytes(idSource, idOffset, StunMessage.TRANSACTION_ID_LENGTH);
        return this;
    }

    public StunMessageWriter begin(ByteBuf out, int messageType, byte[] transactionId) {
        if (transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction id must be 12 bytes");
        }
        writeHeader(out, messageType);
        out.writeBytes(transactionId);
        return this;
    }

    /**
     * Starts an RFC 3489 ("classic") message: its 128-bit transaction id, copied from {@code idSource} at
     * {@code idOffset}, fills the place of the magic cookie and the 96-bit id (RFC 8489 §12).
     */
    public StunMessageWriter beginClassic(ByteBuf out, int messageType, ByteBuf idSource, int idOffset) {
        this.out = out;
        this.start = out.writerIndex();
        out.writeShort(messageType & 0x3FFF);
        out.writeShort(0);
        out.writeBytes(idSource, idOffset, ClassicStunBinding.TRANSACTION_ID_LENGTH);
        return this;
    }

    private void writeHeader(ByteBuf out, int messageType) {
        this.out = out;
        this.start = out.writerIndex();
        out.writeShort(messageType & 0x3FFF);
        out.writeShort(0);
        out.writeInt(StunMessage.MAGIC_COOKIE);
    }

    public ByteBuf buffer() {
        return out;
    }

    /** Absolute offset of the message's first byte in {@link #buffer()}. */
    public int start() {
        return start;
    }

    /** Absolute offset of the transaction id in {@link #buffer()}. */
    public int transactionIdOffset() {
        return start + StunMessage.TRANSACTION_ID_OFFSET;
    }

    /** Bytes written so far, header included. */
    public int size() {
        return out.writerIndex() - start;
    }

    /** Overwrites the header's length field; integrity attributes use this while hashing. */
    public void messageLength(int bodyLength) {
        out.setShort(start + 2, bodyLength);
    }

    /**
     * Opens an attribute and returns the absolute offset where its value starts; write the value to
     * {@link #buffer()} and close it with {@link #endAttribute(int)}.
     */
    public int beginAttribute(int type) {
        out.writeShort(type);
        out.writeShort(0);
        return out.writerIndex();
    }

    /** Closes the attribute whose value started at {@code valueStart}: sets its length and pads to 4. */
    public StunMessageWriter endAttribute(int valueStart) {
        int valueLength = out.writerIndex() - valueStart;
        if (valueLength > 0xFFFF) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes");
        }
        out.setShort(valueStart - 2, valueLength);
        int pad = (4 - (valueLength & 3)) & 3;
        out.writeZero(pad);
        messageLength(size() - StunMessage.HEADER_LENGTH);
        return this;
    }

    public StunMessageWriter putEmpty(int type) {
        return endAttribute(beginAttribute(type));
    }

    public StunMessageWriter putInt(int type, int value) {
        int valueStart = beginAttribute(type);
        out.writeInt(value);
        return endAttribute(valueStart);
    }

    public StunMessageWriter putBytes(int type, byte[] value) {
        int valueStart = beginAttribute(type);
        out.writeBytes(value);
        return endAttribute(valueStart);
    }

    /** Copies {@code length} bytes from {@code source} at {@code from} as the value (DATA attributes). */
    public StunMessageWriter putBytes(int type, ByteBuf source, int from, int length) {
        int valueStart = beginAttribute(type);
        ByteBufCopy.append(out, source, from, length);
        return endAttribute(valueStart);
    }

    public StunMessageWriter putUtf8(int type, String value) {
        int valueStart = beginAttribute(type);
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        return endAttribute(valueStart);
    }

    /** Completes the message and returns its total length (header included). */
    public int finish() {
        int size = size();
        messageLength(size - StunMessage.HEADER_LENGTH);
        return size;
    }
}
