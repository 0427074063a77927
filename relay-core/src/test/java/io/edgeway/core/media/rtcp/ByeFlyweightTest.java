package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByeFlyweightTest {

    private final ByeFlyweight bye = new ByeFlyweight();

    @Test
    void readsTheByeOfPionsDump() {
        ByteBuf buf = hex(RtcpVectors.PION_REAL_PACKET);
        try {
            bye.wrap(buf, 84, 48);
            assertThat(bye.isValid()).isTrue();
            assertThat(bye.sourceCount()).isEqualTo(1);
            assertThat(bye.ssrc(0)).isEqualTo(0x902f9e2e);
            assertThat(bye.hasReason()).isFalse();
            assertThat(bye.reasonLength()).isZero();
        } finally {
            buf.release();
        }
    }

    /**
     * pion goodbye_test.go "valid" (reason "FOO") and "short reason" ("F" + null padding), with the
     * length field set to the 2 words the packet holds (pion's vector carries a byte count there).
     */
    @Test
    void readsAReason() {
        ByteBuf foo = hex("81cb0002" + "902f9e2e" + "03464f4f");
        try {
            assertThat(bye.wrap(foo, 0, 12).isValid()).isTrue();
            assertThat(bye.hasReason()).isTrue();
            assertThat(foo.toString(bye.reasonOffset(), bye.reasonLength(), StandardCharsets.UTF_8)).isEqualTo("FOO");
        } finally {
            foo.release();
        }
        ByteBuf f = hex("81cb0002" + "902f9e2e" + "01460000");
        try {
            assertThat(bye.wrap(f, 0, 12).isValid()).isTrue();
            assertThat(bye.reasonLength()).isEqualTo(1);
        } finally {
            f.release();
        }
    }

    @Test
    void buildsAndRewritesInPlace() {
        ByteBuf out = Unpooled.buffer(8);
        try {
            assertThat(RtcpBuilder.buildBye(out, 0x902f9e2e)).isEqualTo(8);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo("81cb0001" + "902f9e2e");
            bye.wrap(out, 0, 8).ssrc(0, 5);
            assertThat(bye.isValid()).isTrue();
            assertThat(bye.ssrc(0)).isEqualTo(5);
        } finally {
            out.release();
        }
    }

    @Test
    void refusesMalformedByes() {
        // pion "invalid octet count": reason length 4, 3 bytes present.
        assertInvalid("81cb0002" + "902f9e2e" + "04464f4f");
        // pion "bad count in header": SC=2, one source.
        assertInvalid("82cb0001" + "902f9e2e");
        // pion "wrong type": SDES.
        assertInvalid("81ca0002" + "902f9e2e" + "03464f4f");
        // pion "empty packet": SC=0, no sources at all, is valid.
        ByteBuf empty = hex("80cb0000");
        try {
            assertThat(bye.wrap(empty, 0, 4).isValid()).isTrue();
            assertThat(bye.sourceCount()).isZero();
        } finally {
            empty.release();
        }
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(bye.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
