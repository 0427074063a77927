package io.edgeway.core.media.rtp;

import static io.edgeway.core.media.rtp.RtpHeaderFlyweightTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.junit.jupiter.api.Test;

class AudioLevelTest {

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions ext = new RtpHeaderExtensions();

    /**
     * RFC 6464 §3, one-byte form: ID 1, len=0, then V and level. 0x88 is voice with level 8 and 0x08
     * the same level without voice, as in pion/rtp audiolevelextension_test.go.
     */
    @Test
    void readsVoiceActivityAndLevelFromTheOneByteForm() {
        ByteBuf buf = hex("90 6f 0001 00000000 00000001 bede0001 10 88 3008".replace(" ", ""));
        try {
            ext.wrap(rtp.wrap(buf));
            int raw = AudioLevel.find(ext, 1);
            assertThat(raw).isEqualTo(0x88);
            assertThat(AudioLevel.voiceActivity(raw)).isTrue();
            assertThat(AudioLevel.level(raw)).isEqualTo(8);
            int other = AudioLevel.find(ext, 3);
            assertThat(AudioLevel.voiceActivity(other)).isFalse();
            assertThat(AudioLevel.level(other)).isEqualTo(8);
            assertThat(AudioLevel.find(ext, 2)).isEqualTo(AudioLevel.NOT_PRESENT);
        } finally {
            buf.release();
        }
    }

    /** RFC 6464 §3, two-byte form: ID, len=1, V and level; silence is level 127. */
    @Test
    void readsTheTwoByteFormAndRewritesInPlace() {
        ByteBuf buf = hex("906f0001" + "00000000" + "00000001" + "10000001" + "01017f00");
        try {
            ext.wrap(rtp.wrap(buf));
            int raw = AudioLevel.find(ext, 1);
            assertThat(AudioLevel.voiceActivity(raw)).isFalse();
            assertThat(AudioLevel.level(raw)).isEqualTo(127);
            assertThat(AudioLevel.rewrite(ext, 1, true, 30)).isTrue();
            assertThat(ByteBufUtil.hexDump(buf, 16, 4)).isEqualTo("01019e00");
            assertThat(AudioLevel.rewrite(ext, 9, true, 30)).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void encodesAndRefusesLevelsOutOfRange() {
        assertThat(AudioLevel.encode(true, 8)).isEqualTo(0x88);
        assertThat(AudioLevel.encode(false, 127)).isEqualTo(0x7f);
        assertThat(AudioLevel.encode(true, 0)).isEqualTo(0x80);
        assertThatThrownBy(() -> AudioLevel.encode(true, 128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioLevel.encode(true, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyTwoByteElementIsNotALevel() {
        ByteBuf buf = hex("906f0001" + "00000000" + "00000001" + "10000001" + "01000000");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(AudioLevel.find(ext, 1)).isEqualTo(AudioLevel.NOT_PRESENT);
            assertThat(AudioLevel.rewrite(ext, 1, true, 1)).isFalse();
        } finally {
            buf.release();
        }
    }
}
