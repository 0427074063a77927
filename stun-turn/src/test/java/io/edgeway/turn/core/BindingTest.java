package io.edgeway.turn.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import org.junit.jupiter.api.Test;

/** RFC 8489 §7.3: a Binding request is answered with the client's reflexive address. */
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
}
