package io.edgeway.turn.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 8489 §7.3: a Binding request is answered with the client's reflexive address; §12: an RFC 3489
 * client's (no magic cookie) with MAPPED-ADDRESS.
 */
class BindingTest extends CoreTestBase {

    @Test
    void bindingIsAnsweredWithTheClientsAddressAsXorMappedAddress() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        TurnRequests.Builder request = TurnRequests.binding();

        ReceivedMessage answer = h.exchange(client, request);

        assertThat(answer.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS);
        assertThat(answer.transactionId()).isEqualTo(request.transactionId());
        assertThat(answer.mappedAddress()).isEqualTo(client.remoteAddress());
        assertThat(answer.has(StunAttributeType.FINGERPRINT)).isFalse();
        assertThat(answer.has(StunAttributeType.MESSAGE_INTEGRITY)).isFalse();
        assertThat(h.count(TurnEvent.BINDING_ANSWERED)).isEqualTo(1);
    }

    @Test
    void fingerprintIsEchoedWhenTheRequestHadOne() {
        harness();
        FakeTurnClient client = h.udpClient("2001:db8:1::7", 40002);

        ReceivedMessage answer = h.exchange(client, TurnRequests.binding().fingerprint());

        assertThat(answer.mappedAddress()).isEqualTo(client.remoteAddress());
        // FINGERPRINT was verified when the answer was parsed; it must be the last attribute.
        assertThat(answer.attributeTypes()).last().isEqualTo(StunAttributeType.FINGERPRINT);
    }

    @Test
    void bindingOverTcpIsAnsweredToo() {
        harness();
        FakeTurnClient client = h.tcpClient("198.51.100.8", 50123);

        ReceivedMessage answer = h.exchange(client, TurnRequests.binding());

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.mappedAddress()).isEqualTo(client.remoteAddress());
    }

    /** An RFC 3489 Binding request: type, length, a 128-bit transaction id (no magic cookie), attributes. */
    private static byte[] classicBinding(byte[] attributes) {
        ByteBuffer b = ByteBuffer.allocate(20 + attributes.length);
        b.putShort((short) 0x0001).putShort((short) attributes.length);
        for (int i = 0; i < 16; i++) {
            b.put((byte) (0xA0 + i));
        }
        return b.put(attributes).array();
    }

    private static byte[] changeRequest(int flags) {
        return ByteBuffer.allocate(8).putShort((short) StunAttributeType.CHANGE_REQUEST).putShort((short) 4)
                .putInt(flags).array();
    }

    @Test
    void classicBindingIsAnsweredWithMappedAddressAndItsOwnTransactionId() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.9", 40003);
        byte[] request = classicBinding(changeRequest(0));

        h.deliver(client, request);

        ByteBuf answer = client.take();
        try {
            // RFC 8489 §12: type 0x0101, the request's 16-byte id in place of cookie + id, MAPPED-ADDRESS only.
            assertThat(answer.readableBytes()).isEqualTo(32);
            assertThat(answer.getUnsignedShort(0)).isEqualTo(StunMessageType.BINDING_SUCCESS);
            assertThat(answer.getUnsignedShort(2)).isEqualTo(12);
            byte[] id = new byte[16];
            answer.getBytes(4, id);
            assertThat(id).isEqualTo(Arrays.copyOfRange(request, 4, 20));
            assertThat(answer.getUnsignedShort(20)).isEqualTo(StunAttributeType.MAPPED_ADDRESS);
            assertThat(answer.getUnsignedShort(22)).isEqualTo(8);
            assertThat((int) answer.getUnsignedByte(25)).isEqualTo(1);
            assertThat(answer.getUnsignedShort(26)).isEqualTo(40003);
            byte[] ip = new byte[4];
            answer.getBytes(28, ip);
            assertThat(ip).containsExactly(198, 51, 100, 9);
        } finally {
            answer.release();
        }
        assertThat(client.pending()).isZero();
        assertThat(h.count(TurnEvent.BINDING_ANSWERED)).isEqualTo(1);
    }

    @Test
    void classicBindingAskingForAnotherAddressOrPortIsLeftUnanswered() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.10", 40004);

        h.deliver(client, classicBinding(changeRequest(0x04)));
        h.deliver(client, classicBinding(changeRequest(0x02)));

        assertThat(client.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(2);
    }

    @Test
    void classicMessagesThatAreNotAWellFramedBindingRequestAreDropped() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.11", 40005);
        byte[] allocate = classicBinding(new byte[0]);
        allocate[1] = 0x03;
        byte[] badLength = classicBinding(changeRequest(0));
        badLength[3] = 12;
        byte[] overrun = classicBinding(new byte[] {0, 0x22, 0, 8, 0, 0, 0, 0});

        h.deliver(client, allocate);
        h.deliver(client, badLength);
        h.deliver(client, overrun);

        assertThat(client.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(3);
    }
}
