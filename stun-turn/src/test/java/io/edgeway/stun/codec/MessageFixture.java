package io.edgeway.stun.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Test helper: writes a message with the given attributes into a fresh buffer and wraps it for reading.
 * Close it (try-with-resources) to release the buffer.
 */
public final class MessageFixture implements AutoCloseable {

    public static final byte[] TRANSACTION_ID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private final ByteBuf buffer = Unpooled.buffer();
    private final StunMessage message = new StunMessage();

    private MessageFixture() {
    }

    /** Builds a Binding request whose attributes {@code body} adds, and parses it back. */
    public static MessageFixture of(Consumer<StunMessageWriter> body) throws StunParseException {
        return of(StunMessageType.BINDING_REQUEST, body);
    }

    public static MessageFixture of(int messageType, Consumer<StunMessageWriter> body) throws StunParseException {
        MessageFixture fixture = new MessageFixture();
        try {
            StunMessageWriter writer = new StunMessageWriter().begin(fixture.buffer, messageType, TRANSACTION_ID);
            body.accept(writer);
            fixture.message.wrap(fixture.buffer, 0, writer.finish());
            return fixture;
        } catch (StunParseException | RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    public StunMessage message() {
        return message;
    }

    public ByteBuf buffer() {
        return buffer;
    }

    /** Index of the first attribute of {@code type}; fails if absent. */
    public int index(int type) {
        int index = message.indexOf(type);
        if (index < 0) {
            throw new AssertionError("no attribute " + StunAttributeType.name(type));
        }
        return index;
    }

    @Override
    public void close() {
        buffer.release();
    }
}
