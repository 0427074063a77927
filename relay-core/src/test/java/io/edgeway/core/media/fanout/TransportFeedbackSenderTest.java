package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TransportFeedbackSender}: transport-wide feedback toward publishers on the media tick.
 */
class TransportFeedbackSenderTest extends RoomTestBase {

    /**
     * draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: on each tick the publisher hears when its
     * transport-wide numbers arrived. Worked out by hand: the clock starts at 1 s, so the first reference
     * time is floor(1000/64) = 15 and the first delta 4000 - 3840 = 160 ticks of 250 µs.
     */
    @Test
    void theTickSendsThePublisherTransportWideFeedback() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(TWCC, 3)));
        assertThat(clock.nanos()).isEqualTo(1_000_000_000L);
        String sfu = String.format("%08x", room.sfuSsrc());

        sendWithTransportSequence(a, 1, 100);
        clock.advance(Duration.ofMillis(1));
        sendWithTransportSequence(a, 2, 101);
        clock.advance(Duration.ofMillis(4));
        sendWithTransportSequence(a, 3, 103); // 102 is late
        fanout.onTimeout(clock.nanos());
        channel.flush();
        List<DatagramPacketBytes> out = drainOutboundInOrder();
        assertThat(out).extracting(DatagramPacketBytes::recipient).containsExactly(a.address, a.address);
        // Statuses 1 1 0 1: one-bit vector 1|0|1101 = b400; deltas 160, 4, 16; 25 bytes padded to 28.
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(out.get(0).bytes()))).isEqualTo("afcd0006" + sfu
                + "0a0a0a0a" + "0064" + "0004" + "00000f" + "00" + "b400" + "a0" + "04" + "10" + "000003");
        assertThat(a.unprotectRtcp(out.get(1).bytes())[1]).as("then the receiver report").isEqualTo((byte) 201);

        clock.advance(Duration.ofMillis(95));
        sendWithTransportSequence(a, 4, 104);
        fanout.onTimeout(clock.nanos());
        channel.flush();
        // Continues at 104; reference floor(1100/64) = 17 (4352 ticks), delta 4400 - 4352 = 48.
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(drainOutbound().get(a.address)))).isEqualTo("afcd0005" + sfu
                + "0a0a0a0a" + "0068" + "0001" + "000011" + "01" + "a000" + "30" + "01");

        clock.advance(Duration.ofMillis(50));
        sendWithTransportSequence(a, 5, 102);
        clock.advance(Duration.ofMillis(1));
        sendWithTransportSequence(a, 6, 105);
        fanout.onTimeout(clock.nanos());
        channel.flush();
        // The late 102 moves the base back (draft §3.1); 103 and 104, reported before, are "not received".
        assertThat(ByteBufUtil.hexDump(a.unprotectRtcp(drainOutbound().get(a.address)))).isEqualTo("8fcd0005" + sfu
                + "0a0a0a0a" + "0066" + "0004" + "000011" + "02" + "a400" + "f8" + "04");
        assertThat(room.count(FanoutCounter.TRANSPORT_FEEDBACK_SENT)).isEqualTo(3);

        fanout.onTimeout(clock.nanos());
        channel.flush();
        assertThat(drainOutbound()).as("nothing new arrived").isEmpty();
    }
}
