package io.edgeway.core.media.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.dtls.SrtpProtectionProfile;
import io.edgeway.core.media.rtp.HeaderExtensionMap;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AudioLevelObserver}: each publisher's RFC 6464 audio level by its own extension ID.
 */
class AudioLevelObserverTest extends RoomTestBase {

    @Test
    void thePublishersAudioLevelIsReadByItsOwnExtensionIdIntoADecayingPeak() {
        Browser a = join("a", 1, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser b = join("b", 2, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        Browser c = join("c", 3, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        a.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 1, TWCC, 3)));
        b.member.extensions(HeaderExtensionMap.of(Map.of(AUDIO_LEVEL, 5)));
        assertThat(a.member.speech().loudness(clock.nanos())).as("nothing heard yet").isZero();

        // RFC 6464: V set, level 30 -dBov (0x80 | 30): loudness 127 - 30.
        Map<InetSocketAddress, byte[]> out = receiveBatch(a, rtp(SSRC_A, 1, 40, "bede0001" + "109e" + "0000"));
        assertThat(a.member.speech().loudness(clock.nanos())).isEqualTo(97);
        assertThat(out).as("forwarding goes on as before").containsOnlyKeys(b.address, c.address);

        // The peak holds and decays 1 dB per 10 ms; a quieter packet does not pull it down.
        clock.advance(Duration.ofMillis(100));
        receiveBatch(a, rtp(SSRC_A, 2, 40, "bede0001" + "103c" + "0000"));
        assertThat(a.member.speech().loudness(clock.nanos())).isEqualTo(87);
        clock.advance(Duration.ofMillis(300));
        assertThat(a.member.speech().loudness(clock.nanos())).isEqualTo(57);
        receiveBatch(a, rtp(SSRC_A, 3, 40, "bede0001" + "103c" + "0000"));
        assertThat(a.member.speech().loudness(clock.nanos())).as("now the louder of the two").isEqualTo(67);
        clock.advance(Duration.ofSeconds(1));
        assertThat(a.member.speech().loudness(clock.nanos())).isZero();

        // Each member by its own ID: b's ID 1 is not the audio level, its ID 5 is; c negotiated none.
        receiveBatch(b, rtp(SSRC_B, 1, 40, "bede0001" + "1000" + "0000"));
        assertThat(b.member.speech().loudness(clock.nanos())).isZero();
        receiveBatch(b, rtp(SSRC_B, 2, 40, "bede0001" + "5014" + "0000"));
        assertThat(b.member.speech().loudness(clock.nanos())).isEqualTo(107);
        receiveBatch(c, rtp(0x0C0C0C0C, 1, 40, "bede0001" + "1000" + "0000"));
        assertThat(c.member.speech().loudness(clock.nanos())).isZero();
        // A tampered packet does not count.
        byte[] wire = a.protectRtp(rtp(SSRC_A, 4, 40, "bede0001" + "1080" + "0000"));
        wire[wire.length - 1] ^= 1;
        receiveBatch(a.address, wire);
        assertThat(a.member.speech().loudness(clock.nanos())).isZero();
    }
}
