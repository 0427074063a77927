package io.edgeway.turn.core;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.attr.MessageIntegrity;
import io.edgeway.stun.attr.MessageIntegritySha256;
import io.edgeway.stun.attr.PasswordAlgorithms;
import io.edgeway.stun.attr.TextAttribute;
import io.edgeway.stun.attr.UnknownAttributes;
import io.edgeway.stun.attr.XorAddress;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunClass;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunParseException;
import io.edgeway.turn.wire.ChannelData;
import io.edgeway.turn.wire.TurnAttributes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test fixture: what the server sent to a client, parsed from a private copy of its bytes, so the
 * original buffer can be released at once and assertions never touch freed memory. Either a STUN
 * message (response or Data indication, {@link #stun()}) or a ChannelData message ({@link #isChannelData()}).
 *
 * <p>Readers throw {@link AssertionError} for what is absent or malformed, so a test that expects an
 * attribute fails with a message naming it.
 */
public final class ReceivedMessage {

    private final byte[] bytes;
    private final StunMessage stun;

    private ReceivedMessage(byte[] bytes) {
        this.bytes = bytes;
        if (bytes.length > 0 && (bytes[0] & 0xC0) == 0x40) {
            this.stun = null;
            return;
        }
        try {
            // A heap wrapper of our own copy: not reference counted by anyone else, never released.
            this.stun = new StunMessage().wrap(Unpooled.wrappedBuffer(bytes), 0, bytes.length);
        } catch (StunParseException e) {
            throw new AssertionError("the server sent a malformed STUN message: " + ByteBufUtil.hexDump(bytes), e);
        }
    }

    /** Copies the readable bytes of {@code buf}; does not release it. */
    public static ReceivedMessage of(ByteBuf buf) {
        return new ReceivedMessage(ByteBufUtil.getBytes(buf));
    }

    public static ReceivedMessage of(byte[] bytes) {
        return new ReceivedMessage(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    // ------------------------------------------------------------------------------------ ChannelData

    public boolean isChannelData() {
        return stun == null;
    }

    public int channelNumber() {
        requireChannelData();
        return ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    }

    /** The application data of a ChannelData message (Length bytes, padding excluded). */
    public byte[] channelPayload() {
        requireChannelData();
        int length = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        if (ChannelData.HEADER_LENGTH + length > bytes.length) {
            throw new AssertionError("ChannelData Length " + length + " overruns the " + bytes.length + "-byte message");
        }
        return Arrays.copyOfRange(bytes, ChannelData.HEADER_LENGTH, ChannelData.HEADER_LENGTH + length);
    }

    private void requireChannelData() {
        if (stun != null) {
            throw new AssertionError("expected ChannelData, got " + stun);
        }
    }

    // ------------------------------------------------------------------------------------------ STUN

    public StunMessage stun() {
        if (stun == null) {
            throw new AssertionError("expected a STUN message, got ChannelData " + ByteBufUtil.hexDump(bytes));
        }
        return stun;
    }

    public int messageType() {
        return stun().messageType();
    }

    public int method() {
        return stun().method();
    }

    public boolean isSuccess() {
        return stun().stunClass() == StunClass.SUCCESS_RESPONSE;
    }

    public boolean isError() {
        return stun().stunClass() == StunClass.ERROR_RESPONSE;
    }

    public boolean isDataIndication() {
        return stun().messageType() == StunMessageType.DATA_INDICATION;
    }

    public byte[] transactionId() {
        return stun().transactionId();
    }

    public boolean has(int type) {
        return stun().has(type);
    }

    public int count(int type) {
        int n = 0;
        for (int i = 0; i < stun().attributeCount(); i++) {
            if (stun.attributeType(i) == type) {
                n++;
            }
        }
        return n;
    }

    /** Attribute types in wire order. */
    public List<Integer> attributeTypes() {
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < stun().attributeCount(); i++) {
            types.add(stun.attributeType(i));
        }
        return types;
    }

    private int index(int type) {
        int index = stun().indexOf(type);
        if (index < 0) {
            throw new AssertionError("no " + StunAttributeType.name(type) + " in " + stun);
        }
        return index;
    }

    /** The ERROR-CODE number, or 0 for a message without one. */
    public int errorCode() {
        int index = stun().indexOf(StunAttributeType.ERROR_CODE);
        if (index < 0) {
            return 0;
        }
        try {
            return ErrorCode.code(stun, index);
        } catch (StunParseException e) {
            throw new AssertionError("malformed ERROR-CODE", e);
        }
    }

    public String text(int type) {
        try {
            return TextAttribute.read(stun(), index(type));
        } catch (StunParseException e) {
            throw new AssertionError("malformed " + StunAttributeType.name(type), e);
        }
    }

    public String nonce() {
        return text(StunAttributeType.NONCE);
    }

    public String realm() {
        return text(StunAttributeType.REALM);
    }

    public InetSocketAddress xorAddress(int type) {
        return xorAddresses(type).get(0);
    }

    public List<InetSocketAddress> xorAddresses(int type) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < stun().attributeCount(); i++) {
            if (stun.attributeType(i) == type) {
                try {
                    out.add(XorAddress.read(stun, i));
                } catch (StunParseException e) {
                    throw new AssertionError("malformed " + StunAttributeType.name(type), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("no " + StunAttributeType.name(type) + " in " + stun);
        }
        return out;
    }

    public InetSocketAddress relayedAddress() {
        return xorAddress(StunAttributeType.XOR_RELAYED_ADDRESS);
    }

    public List<InetSocketAddress> relayedAddresses() {
        return xorAddresses(StunAttributeType.XOR_RELAYED_ADDRESS);
    }

    public InetSocketAddress mappedAddress() {
        return xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS);
    }

    public InetSocketAddress peerAddress() {
        return xorAddress(StunAttributeType.XOR_PEER_ADDRESS);
    }

    public long lifetime() {
        try {
            return TurnAttributes.lifetime(stun(), index(StunAttributeType.LIFETIME));
        } catch (StunParseException e) {
            throw new AssertionError("malformed LIFETIME", e);
        }
    }

    public long reservationToken() {
        try {
            return TurnAttributes.reservationToken(stun(), index(StunAttributeType.RESERVATION_TOKEN));
        } catch (StunParseException e) {
            throw new AssertionError("malformed RESERVATION-TOKEN", e);
        }
    }

    /** ADDRESS-ERROR-CODE as {family, code}. */
    public int[] addressError() {
        int index = index(StunAttributeType.ADDRESS_ERROR_CODE);
        try {
            return new int[] {TurnAttributes.addressErrorFamily(stun, index), TurnAttributes.addressErrorCode(stun, index)};
        } catch (StunParseException e) {
            throw new AssertionError("malformed ADDRESS-ERROR-CODE", e);
        }
    }

    public List<Integer> unknownAttributes() {
        int index = index(StunAttributeType.UNKNOWN_ATTRIBUTES);
        try {
            int[] types = new int[32];
            int n = UnknownAttributes.read(stun, index, types);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(types[i]);
            }
            return out;
        } catch (StunParseException e) {
            throw new AssertionError("malformed UNKNOWN-ATTRIBUTES", e);
        }
    }

    public List<Integer> passwordAlgorithms() {
        int index = index(StunAttributeType.PASSWORD_ALGORITHMS);
        try {
            int[] algorithms = new int[8];
            int n = PasswordAlgorithms.read(stun, index, algorithms);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(algorithms[i]);
            }
            return out;
        } catch (StunParseException e) {
            throw new AssertionError("malformed PASSWORD-ALGORITHMS", e);
        }
    }

    /** The DATA attribute's value (Data indications). */
    public byte[] data() {
        int index = index(StunAttributeType.DATA);
        byte[] out = new byte[stun.valueLength(index)];
        stun.buffer().getBytes(stun.valueOffset(index), out);
        return out;
    }

    public boolean verifiesMessageIntegrity(byte[] key) {
        return MessageIntegrity.verify(stun(), key);
    }

    public boolean verifiesMessageIntegritySha256(byte[] key) {
        return MessageIntegritySha256.verify(stun(), key);
    }

    @Override
    public String toString() {
        if (stun == null) {
            return "ChannelData[" + ByteBufUtil.hexDump(bytes) + "]";
        }
        String error = errorCode() != 0 ? " error " + errorCode() : "";
        return StunMessageType.toString(stun.messageType()) + error + " " + stun;
    }
}
