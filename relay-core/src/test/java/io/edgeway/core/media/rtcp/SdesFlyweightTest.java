package io.edgeway.core.media.rtcp;

import static io.edgeway.core.media.rtcp.RtcpVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdesFlyweightTest {

    private final SdesFlyweight sdes = new SdesFlyweight();

    @Test
    void readsTheCnameOfChromeAndOfPionsDump() {
        ByteBuf chrome = hex(RtcpVectors.CHROME_SR_SDES);
        try {
            sdes.wrap(chrome, 28, 28);
            assertThat(sdes.isValid()).isTrue();
            assertThat(chunks()).containsExactly("2b7ec0c5=LcIfzXonDordSeW6");
        } finally {
            chrome.release();
        }
        ByteBuf dump = hex(RtcpVectors.PION_REAL_PACKET);
        try {
            sdes.wrap(dump, 32, 100); // the rest of the compound follows; the length field bounds it
            assertThat(sdes.isValid()).isTrue();
            assertThat(sdes.packetLength()).isEqualTo(52);
            assertThat(chunks()).containsExactly("902f9e2e=" + RtcpVectors.PION_REAL_CNAME);
        } finally {
            dump.release();
        }
    }

    /**
     * pion source_description_test.go "two items" and "two chunks", with the length fields set to the
     * words the packets hold (pion's vectors carry byte counts there, which RFC 3550 §6.4.1 does not).
     */
    @Test
    void readsSeveralItemsAndChunks() {
        ByteBuf twoItems = hex("81ca0003" + "10000000" + "010141" + "040142" + "0000");
        try {
            assertThat(sdes.wrap(twoItems, 0, 16).isValid()).isTrue();
            assertThat(chunks()).containsExactly("10000000=A");
        } finally {
            twoItems.release();
        }
        ByteBuf twoChunks = hex("82ca0005" + "01020304" + "010141" + "00" + "05060708" + "0103424344" + "000000");
        try {
            assertThat(sdes.wrap(twoChunks, 0, 24).isValid()).isTrue();
            assertThat(chunks()).containsExactly("01020304=A", "05060708=BCD");
        } finally {
            twoChunks.release();
        }
        // pion "zero item chunk": an END octet and padding only.
        ByteBuf noItems = hex("81ca0002" + "01020304" + "00000000");
        try {
            assertThat(sdes.wrap(noItems, 0, 12).isValid()).isTrue();
            assertThat(chunks()).containsExactly("01020304=-");
        } finally {
            noItems.release();
        }
    }

    @Test
    void buildsACnameChunkAndReadsItBack() {
        ByteBuf out = Unpooled.buffer(64);
        try {
            // pion TestValidPacket's CNAME chunk: SSRC 1234, "cname"; 4+4+2+5+1 = 16 bytes, no extra pad.
            assertThat(RtcpBuilder.buildSdesCname(out, 1234, "cname")).isEqualTo(16);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo("81ca0003" + "000004d2" + "0105" + "636e616d65" + "00");
            int second = out.writerIndex();
            // RFC 3550 §6.5.1: CNAME is UTF-8; "née" is 4 bytes; 4+2+4+1 = 11 -> padded to 12.
            assertThat(RtcpBuilder.buildSdesCname(out, 7, "née")).isEqualTo(16);
            sdes.wrap(out, second, 16);
            assertThat(sdes.isValid()).isTrue();
            assertThat(sdes.nextChunk()).isTrue();
            assertThat(out.toString(sdes.cnameOffset(), sdes.cnameLength(), StandardCharsets.UTF_8)).isEqualTo("née");
            assertThatThrownBy(() -> RtcpBuilder.buildSdesCname(out, 1, "x".repeat(256)))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            out.release();
        }
    }

    @Test
    void refusesMalformedChunks() {
        // pion "missing type": SC=1, only an SSRC.
        assertInvalid("81ca0001" + "00000000");
        // pion "bad cname length", word-aligned: CNAME says 3 bytes, 2 are left in the packet.
        assertInvalid("81ca0002" + "00000000" + "0103" + "4142");
        // pion "no end": CNAME "A" fills the packet, no END octet.
        assertInvalid("81ca0002" + "00000000" + "01024142");
        // SC=2 with one chunk.
        assertInvalid("82ca0002" + "01020304" + "00000000");
        // An item running past the packet.
        assertInvalid("81ca0002" + "00000000" + "01ff4142");
        // Not an SDES.
        assertInvalid("81c80002" + "01020304" + "00000000");
        // Malformed chunks report through the cursor too.
        ByteBuf buf = hex("81ca0002" + "00000000" + "01024142");
        try {
            sdes.wrap(buf, 0, 12);
            assertThat(sdes.nextChunk()).isFalse();
            assertThat(sdes.isMalformed()).isTrue();
            assertThat(sdes.cnameOffset()).isEqualTo(-1);
        } finally {
            buf.release();
        }
    }

    /** "ssrc=cname" of each chunk, "-" for a chunk without a CNAME. */
    private List<String> chunks() {
        List<String> out = new ArrayList<>();
        sdes.rewindChunks();
        while (sdes.nextChunk()) {
            String cname = sdes.cnameOffset() < 0 ? "-"
                    : sdes.buffer().toString(sdes.cnameOffset(), sdes.cnameLength(), StandardCharsets.UTF_8);
            out.add(String.format("%08x=%s", sdes.chunkSsrc(), cname));
        }
        assertThat(sdes.isMalformed()).isFalse();
        return out;
    }

    private void assertInvalid(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(sdes.wrap(buf, 0, buf.readableBytes()).isValid()).as(hex).isFalse();
        } finally {
            buf.release();
        }
    }
}
