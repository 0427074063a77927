package io.edgeway.turn.core;

import static io.edgeway.turn.core.CoreHarness.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.stun.codec.StunAttributeType;
import io.edgeway.stun.codec.StunMessageType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the core counts what it cannot use, answers nothing to it, and keeps serving. */
class MalformedInputTest extends CoreTestBase {

    @Test
    void garbageIsCountedAndDroppedAndTheCoreKeepsServing() {
        harness();
        FakeTurnClient attacker = h.udpClient("198.51.100.66", 40001);
        FakeTurnClient next = h.udpClient("198.51.100.7", 40001);

        h.deliver(attacker, new byte[] {(byte) 0xFF, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00});
        h.deliver(attacker, new byte[20]);
        h.deliver(attacker, new byte[] {0x00, 0x01});
        h.deliver(attacker, new byte[0]);

        assertThat(attacker.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(4);
        assertThat(h.exchange(next, TurnRequests.binding()).isSuccess()).isTrue();
        assertThat(h.exchange(attacker, TurnRequests.binding()).isSuccess()).isTrue();
    }

    @Test
    void aTruncatedStunMessageIsDropped() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        byte[] whole = TurnRequests.allocate().fingerprint().bytes();

        h.deliver(client, Arrays.copyOf(whole, whole.length - 4));
        h.deliver(client, Arrays.copyOf(whole, 19));

        assertThat(client.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(2);
    }

    @Test
    void aBadFingerprintIsDropped() {
        harness();
        FakeTurnClient client = h.udpClient("198.51.100.7", 40001);
        byte[] message = TurnRequests.binding().fingerprint().bytes();
        message[message.length - 1] ^= 1;

        h.deliver(client, message);

        assertThat(client.pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(1);
    }

    @Test
    void responsesAndIndicationsOtherThanSendAreDropped() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();

        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.BINDING_SUCCESS).encode());
        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.BINDING_ERROR).encode());
        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.DATA_INDICATION).peer(PEER).data(new byte[1]).encode());
        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.of(0x001, 0b01)).encode());

        assertThat(alice.client().pending()).isZero();
        assertThat(h.relays().opened().get(0).pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_UNEXPECTED_MESSAGE)).isEqualTo(4);
    }

    @Test
    void aMalformedXorPeerAddressInAnIndicationIsDropped() {
        harness();
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();
        alice.createPermission(PEER);

        h.deliver(alice.client(), TurnRequests.ofType(StunMessageType.SEND_INDICATION)
                .attribute(StunAttributeType.XOR_PEER_ADDRESS, new byte[] {0, 1, 2})
                .data(new byte[] {1}).encode());

        assertThat(alice.client().pending()).isZero();
        assertThat(h.relays().opened().get(0).pending()).isZero();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isEqualTo(1);
    }

    /**
     * Mutated real requests (an authenticated Allocate, CreatePermission, ChannelBind and a Send
     * indication) and random bytes, fed to one core: it may answer or drop each, but must never throw
     * or leak, and must still serve a well-formed client afterwards.
     */
    @Test
    void mutatedRequestsNeverBreakTheCore() {
        harness(b -> b.unauthenticatedRequestsPerSecond(0));
        Random random = new Random(CoreHarness.SEED);
        TurnSession alice = h.session("198.51.100.7", 40001, ALICE);
        alice.allocated();
        byte[][] seeds = {
                alice.sign(TurnRequests.allocate().lifetime(900).evenPort(true)).fingerprint().bytes(),
                alice.sign(TurnRequests.createPermission(PEER, PEER_V6)).bytes(),
                alice.sign(TurnRequests.channelBind(0x4001, PEER)).bytes(),
                alice.sign(TurnRequests.refresh().lifetime(0)).bytes(),
                TurnRequests.sendIndication(PEER, new byte[] {1, 2, 3, 4, 5}).bytes(),
        };
        FakeTurnClient fuzzer = h.udpClient("198.51.100.66", 40001);
        for (int i = 0; i < 5000; i++) {
            byte[] input;
            if (i % 10 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            } else {
                input = seeds[random.nextInt(seeds.length)].clone();
                int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            FakeTurnClient from = i % 2 == 0 ? fuzzer : alice.client();
            h.deliver(from, input);
            from.releaseAll();
        }
        h.relays().releaseAll();

        FakeTurnClient next = h.udpClient("198.51.100.8", 40001);
        assertThat(h.exchange(next, TurnRequests.binding()).isSuccess()).isTrue();
        assertThat(h.count(TurnEvent.DROP_MALFORMED)).isPositive();
    }
}
