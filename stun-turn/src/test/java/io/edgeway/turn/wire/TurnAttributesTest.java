package io.edgeway.turn.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeway.stun.attr.ErrorCode;
import io.edgeway.stun.codec.MessageFixture;
import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessage;
import io.edgeway.stun.codec.StunMessageType;
import io.edgeway.stun.codec.StunParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Write then read gives back the same value, for every attribute RFC 8656 adds; bad values are refused. */
class TurnAttributesTest {

    private static void assertBadAttribute(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StunParseException.class,
                e -> assertThat(e.reason()).isEqualTo(StunParseException.Reason.BAD_ATTRIBUTE));
    }

    private static String valueHex(MessageFixture f, int index) {
        StunMessage m = f.message();
        int padded = (m.valueLength(index) + 3) & ~3;
        return ByteBufUtil.hexDump(f.buffer(), m.valueOffset(index) - 4, 4 + padded);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x4000, 0x4001, 0x4FFF})
    void channelNumber(int channel) throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.CHANNEL_BIND_REQUEST,
                w -> TurnAttributes.addChannelNumber(w, channel))) {
            assertThat(TurnAttributes.channelNumber(f.message(), 0)).isEqualTo(channel);
            assertThat(valueHex(f, 0)).isEqualTo(String.format("000c0004%04x0000", channel));
        }
    }

    @Test
    void channelNumberReturnsOutOfRangeNumbersForTheServerToRefuse() throws Exception {
        try (MessageFixture f = MessageFixture.of(w -> TurnAttributes.addChannelNumber(w, 0x3FFF))) {
            assertThat(TurnAttributes.channelNumber(f.message(), 0)).isEqualTo(0x3FFF);
            assertThat(ChannelData.isChannelNumber(0x3FFF)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 600, 3600, 0xFFFF_FFFFL})
    void lifetime(long seconds) throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.REFRESH_REQUEST,
                w -> TurnAttributes.addLifetime(w, seconds))) {
            assertThat(TurnAttributes.lifetime(f.message(), 0)).isEqualTo(seconds);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TurnAttributes.UDP, TurnAttributes.TCP, 0, 255})
    void requestedTransport(int protocol) throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.ALLOCATE_REQUEST,
                w -> TurnAttributes.addRequestedTransport(w, protocol))) {
            assertThat(TurnAttributes.requestedTransport(f.message(), 0)).isEqualTo(protocol);
            assertThat(valueHex(f, 0)).isEqualTo(String.format("00190004%02x000000", protocol));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void evenPort(boolean reserve) throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.ALLOCATE_REQUEST,
                w -> TurnAttributes.addEvenPort(w, reserve))) {
            assertThat(TurnAttributes.evenPortReserve(f.message(), 0)).isEqualTo(reserve);
            // One byte of value, three of padding.
            assertThat(valueHex(f, 0)).isEqualTo(reserve ? "0018000180000000" : "0018000100000000");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 0x0123456789ABCDEFL, Long.MIN_VALUE})
    void reservationToken(long token) throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.ALLOCATE_REQUEST,
                w -> TurnAttributes.addReservationToken(w, token))) {
            assertThat(TurnAttributes.reservationToken(f.message(), 0)).isEqualTo(token);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {TurnAttributes.FAMILY_IPV4, TurnAttributes.FAMILY_IPV6})
    void addressFamilies(int family) throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.ALLOCATE_REQUEST, w -> {
            TurnAttributes.addRequestedAddressFamily(w, family);
            TurnAttributes.addAdditionalAddressFamily(w, family);
        })) {
            int requested = f.index(StunAttributeType.REQUESTED_ADDRESS_FAMILY);
            int additional = f.index(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY);
            assertThat(TurnAttributes.addressFamily(f.message(), requested)).isEqualTo(family);
            assertThat(TurnAttributes.addressFamily(f.message(), additional)).isEqualTo(family);
            assertThat(valueHex(f, requested)).isEqualTo(String.format("00170004%02x000000", family));
        }
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addRequestedAddressFamily(w, 3)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressErrorCode() throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.BINDING_ERROR, w -> {
            TurnAttributes.addAddressErrorCode(w, TurnAttributes.FAMILY_IPV6, ErrorCode.INSUFFICIENT_CAPACITY);
            TurnAttributes.addAddressErrorCode(w, TurnAttributes.FAMILY_IPV4, 440, "");
        })) {
            StunMessage m = f.message();
            assertThat(TurnAttributes.addressErrorFamily(m, 0)).isEqualTo(TurnAttributes.FAMILY_IPV6);
            assertThat(TurnAttributes.addressErrorCode(m, 0)).isEqualTo(508);
            assertThat(TurnAttributes.addressErrorReason(m, 0)).isEqualTo("Insufficient Capacity");
            assertThat(TurnAttributes.addressErrorFamily(m, 1)).isEqualTo(TurnAttributes.FAMILY_IPV4);
            assertThat(TurnAttributes.addressErrorCode(m, 1)).isEqualTo(440);
            assertThat(TurnAttributes.addressErrorReason(m, 1)).isEmpty();
            // RFC 8656 §18.12: family in the first byte, class and number in the last two of the word.
            assertThat(valueHex(f, 1)).isEqualTo("8001000401000428");
        }
    }

    @Test
    void icmp() throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.DATA_INDICATION,
                w -> TurnAttributes.addIcmp(w, 3, 4, 1400))) {
            assertThat(TurnAttributes.icmpType(f.message(), 0)).isEqualTo(3);
            assertThat(TurnAttributes.icmpCode(f.message(), 0)).isEqualTo(4);
            assertThat(TurnAttributes.icmpErrorData(f.message(), 0)).isEqualTo(1400);
            assertThat(valueHex(f, 0)).isEqualTo("80040008" + "00000304" + "00000578");
        }
        try (MessageFixture f = MessageFixture.of(w -> TurnAttributes.addIcmp(w, 255, 255, -1))) {
            assertThat(TurnAttributes.icmpType(f.message(), 0)).isEqualTo(255);
            assertThat(TurnAttributes.icmpCode(f.message(), 0)).isEqualTo(255);
            assertThat(TurnAttributes.icmpErrorData(f.message(), 0)).isEqualTo(-1);
        }
    }

    @Test
    void dontFragment() throws Exception {
        try (MessageFixture f = MessageFixture.of(StunMessageType.ALLOCATE_REQUEST, TurnAttributes::addDontFragment)) {
            TurnAttributes.dontFragment(f.message(), 0);
            assertThat(valueHex(f, 0)).isEqualTo("001a0000");
        }
    }

    @Test
    void data() throws Exception {
        byte[] payload = {1, 2, 3, 4, 5};
        ByteBuf source = Unpooled.wrappedBuffer(new byte[] {9, 9, 1, 2, 3, 4, 5, 9});
        try (MessageFixture f = MessageFixture.of(StunMessageType.SEND_INDICATION,
                w -> TurnAttributes.addData(w, source, 2, 5))) {
            StunMessage m = f.message();
            byte[] read = new byte[TurnAttributes.dataLength(m, 0)];
            f.buffer().getBytes(TurnAttributes.dataOffset(m, 0), read);
            assertThat(read).isEqualTo(payload);
            assertThat(valueHex(f, 0)).isEqualTo("00130005" + "0102030405" + "000000");
        } finally {
            source.release();
        }
    }

    @Test
    void readersRefuseValuesOfTheWrongLength() throws Exception {
        try (MessageFixture f = MessageFixture.of(w -> {
            w.putBytes(StunAttributeType.CHANNEL_NUMBER, new byte[2]);       // 0
            w.putBytes(StunAttributeType.LIFETIME, new byte[8]);             // 1
            w.putBytes(StunAttributeType.REQUESTED_TRANSPORT, new byte[1]);  // 2
            w.putInt(StunAttributeType.EVEN_PORT, 0x80000000);               // 3: 4 bytes, not 1
            w.putInt(StunAttributeType.RESERVATION_TOKEN, 7);                // 4
            w.putBytes(StunAttributeType.REQUESTED_ADDRESS_FAMILY, new byte[] {1});  // 5
            w.putBytes(StunAttributeType.ADDRESS_ERROR_CODE, new byte[] {1, 0, 4});  // 6
            w.putInt(StunAttributeType.ICMP, 0x0304);                        // 7
            w.putInt(StunAttributeType.DONT_FRAGMENT, 0);                    // 8
            w.putEmpty(StunAttributeType.EVEN_PORT);                         // 9
        })) {
            StunMessage m = f.message();
            assertBadAttribute(() -> TurnAttributes.channelNumber(m, 0));
            assertBadAttribute(() -> TurnAttributes.lifetime(m, 1));
            assertBadAttribute(() -> TurnAttributes.requestedTransport(m, 2));
            assertBadAttribute(() -> TurnAttributes.evenPortReserve(m, 3));
            assertBadAttribute(() -> TurnAttributes.reservationToken(m, 4));
            assertBadAttribute(() -> TurnAttributes.addressFamily(m, 5));
            assertBadAttribute(() -> TurnAttributes.addressErrorCode(m, 6));
            assertBadAttribute(() -> TurnAttributes.addressErrorFamily(m, 6));
            assertBadAttribute(() -> TurnAttributes.addressErrorReason(m, 6));
            assertBadAttribute(() -> TurnAttributes.icmpType(m, 7));
            assertBadAttribute(() -> TurnAttributes.icmpCode(m, 7));
            assertBadAttribute(() -> TurnAttributes.icmpErrorData(m, 7));
            assertBadAttribute(() -> TurnAttributes.dontFragment(m, 8));
            assertBadAttribute(() -> TurnAttributes.evenPortReserve(m, 9));
        }
    }

    @Test
    void readersRefuseBadValues() throws Exception {
        try (MessageFixture f = MessageFixture.of(w -> {
            w.putInt(StunAttributeType.REQUESTED_ADDRESS_FAMILY, 0x03000000);
            w.putInt(StunAttributeType.ADDITIONAL_ADDRESS_FAMILY, 0);
            w.putInt(StunAttributeType.ADDRESS_ERROR_CODE, 0x03000428);   // family 3
            w.putInt(StunAttributeType.ADDRESS_ERROR_CODE, 0x01000228);   // class 2
            w.putInt(StunAttributeType.ADDRESS_ERROR_CODE, 0x01000464);   // number 100
        })) {
            StunMessage m = f.message();
            assertBadAttribute(() -> TurnAttributes.addressFamily(m, 0));
            assertBadAttribute(() -> TurnAttributes.addressFamily(m, 1));
            assertBadAttribute(() -> TurnAttributes.addressErrorFamily(m, 2));
            assertThat(TurnAttributes.addressErrorCode(m, 2)).isEqualTo(440);
            assertBadAttribute(() -> TurnAttributes.addressErrorCode(m, 3));
            assertBadAttribute(() -> TurnAttributes.addressErrorCode(m, 4));
        }
    }

    @Test
    void writersRefuseValuesTheWireCannotCarry() {
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addLifetime(w, -1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addLifetime(w, 0x1_0000_0000L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addChannelNumber(w, 0x10000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addRequestedTransport(w, 256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addIcmp(w, 256, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageFixture.of(w -> TurnAttributes.addAddressErrorCode(w, 1, 700)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
