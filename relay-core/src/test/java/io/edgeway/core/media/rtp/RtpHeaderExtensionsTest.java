package io.edgeway.core.media.rtp;

import static io.edgeway.core.media.rtp.RtpHeaderFlyweightTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RtpHeaderExtensionsTest {

    private static final String FIXED = "90600001" + "00000000" + "00000001"; // V=2, X=1, PT 96

    private final RtpHeaderFlyweight rtp = new RtpHeaderFlyweight();
    private final RtpHeaderExtensions ext = new RtpHeaderExtensions();

    /**
     * The one-byte figure of RFC 8285 §4.2: an element with L=0 (1 byte), one with L=1 (2 bytes), two
     * padding bytes, one with L=3 (4 bytes); length=3 words.
     */
    @Test
    void walksTheRfc8285OneByteFigure() {
        ByteBuf buf = hex(FIXED + "bede0003" + "10aa" + "21bbbb" + "0000" + "33cccccccc");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(ext.form()).isEqualTo(RtpHeaderExtensions.FORM_ONE_BYTE);
            assertThat(elements()).containsExactly("1:aa@17", "2:bbbb@19", "3:cccccccc@24");
            assertThat(ext.isMalformed()).isFalse();
        } finally {
            buf.release();
        }
    }

    /**
     * The two-byte figure of RFC 8285 §4.3: an element with L=0 (no data), one with L=1, a padding
     * byte, one with L=4; length=3 words; appbits 0.
     */
    @Test
    void walksTheRfc8285TwoByteFigure() {
        ByteBuf buf = hex(FIXED + "10000003" + "0100" + "0201aa" + "00" + "0304bbbbbbbb");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(ext.form()).isEqualTo(RtpHeaderExtensions.FORM_TWO_BYTE);
            assertThat(elements()).containsExactly("1:@18", "2:aa@20", "3:bbbbbbbb@24");
            assertThat(ext.isMalformed()).isFalse();
        } finally {
            buf.release();
        }
    }

    /** Chrome's one-byte block, element by element as Wireshark lists it (see {@link RtpCaptures}). */
    @Test
    void walksChromeOneByteBlocksAsWiresharkDoes() {
        ByteBuf buf = hex(RtpCaptures.CHROME_ONE_BYTE_LONG);
        try {
            assertThat(rtp.wrap(buf).isValid()).isTrue();
            ext.wrap(rtp);
            assertThat(values()).containsExactly("2:ea432b", "4:0004", "9:30", "3:00", "6:02",
                    "7:0100030009000a002300000000", "13:400001");
        } finally {
            buf.release();
        }
        ByteBuf shortOne = hex(RtpCaptures.CHROME_ONE_BYTE_SHORT);
        try {
            ext.wrap(rtp.wrap(shortOne));
            assertThat(values()).containsExactly("2:f34350", "4:009b", "13:810045");
        } finally {
            shortOne.release();
        }
    }

    /** Chrome's two-byte block (profile 0x1000), with a 33-byte element a one-byte block cannot hold. */
    @Test
    void walksAChromeTwoByteBlockAsWiresharkDoes() {
        ByteBuf buf = hex(RtpCaptures.CHROME_TWO_BYTE);
        try {
            assertThat(rtp.wrap(buf).isValid()).isTrue();
            assertThat(rtp.extensionDataLength()).isEqualTo(68);
            ext.wrap(rtp);
            assertThat(ext.form()).isEqualTo(RtpHeaderExtensions.FORM_TWO_BYTE);
            assertThat(values()).containsExactly("2:03f7ae", "4:0002", "9:30", "3:00", "6:02",
                    "7:01000100070007000a00000000",
                    "13:c000018003187aaaf130a0a014d1413823046008642222265009f0077013f00ef0");
            assertThat(ext.find(13)).isTrue();
            assertThat(ext.dataLength()).isEqualTo(33);
        } finally {
            buf.release();
        }
    }

    /** RFC 8285 §4.2: at ID 15 parsing stops; elements before it count, the rest is ignored. */
    @Test
    void reservedId15EndsTheOneByteBlockCleanly() {
        ByteBuf buf = hex(FIXED + "bede0002" + "10aa" + "f5" + "21bbbb" + "0000");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(elements()).containsExactly("1:aa@17");
            assertThat(ext.isMalformed()).isFalse();
            assertThat(ext.find(2)).isFalse();
        } finally {
            buf.release();
        }
    }

    @Test
    void anElementRunningPastTheBlockIsMalformed() {
        // One-byte: ID 1 says 16 bytes of data in a 4-byte block.
        assertMalformed(FIXED + "bede0001" + "1faabbcc");
        // Two-byte: ID 1 says 200 bytes.
        assertMalformed(FIXED + "10000001" + "01c8aabb");
        // Two-byte: an element header cut in half by the end of the block.
        assertMalformed(FIXED + "10000001" + "010100" + "05");
    }

    @Test
    void otherProfilesHoldNoElements() {
        // pion/rtp TestBasic: profile 1 is not an RFC 8285 form.
        ByteBuf buf = hex("90e0698fd9c293da1c64278200010001ffffffff9836be889e");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(ext.form()).isEqualTo(RtpHeaderExtensions.FORM_NONE);
            assertThat(ext.next()).isFalse();
            assertThat(ext.isMalformed()).isFalse();
        } finally {
            buf.release();
        }
        ByteBuf plain = hex("80600001" + "00000000" + "00000001");
        try {
            ext.wrap(rtp.wrap(plain));
            assertThat(ext.form()).isEqualTo(RtpHeaderExtensions.FORM_NONE);
            assertThat(ext.find(1)).isFalse();
        } finally {
            plain.release();
        }
        assertThat(RtpHeaderExtensions.formOf(0x100F)).isEqualTo(RtpHeaderExtensions.FORM_TWO_BYTE);
        assertThat(RtpHeaderExtensions.formOf(0x1010)).isEqualTo(RtpHeaderExtensions.FORM_NONE);
    }

    @Test
    void rewritesAValueOfTheSameLengthInPlace() {
        ByteBuf buf = hex(RtpCaptures.CHROME_ONE_BYTE_SHORT);
        ByteBuf value = hex("aabbcc");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(ext.rewrite(2, value, 0, 3)).isTrue();
            assertThat(ext.rewrite(4, value, 0, 3)).as("length differs").isFalse();
            assertThat(ext.rewrite(5, value, 0, 1)).as("absent").isFalse();
            ext.wrap(rtp);
            assertThat(values()).containsExactly("2:aabbcc", "4:009b", "13:810045");
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.sequenceNumber()).isEqualTo(6751);
        } finally {
            buf.release();
            value.release();
        }
    }

    /**
     * RFC 8285 §5: each endpoint has its own ID-to-URI mapping. A publisher's IDs 2 and 4 become the
     * subscriber's 5 and 3; ID 13, which the subscriber did not negotiate, becomes padding.
     */
    @Test
    void remapsIdsForASubscriberAndClearsUnnegotiatedOnes() {
        ByteBuf buf = hex(RtpCaptures.CHROME_ONE_BYTE_SHORT);
        try {
            ExtensionIdMap map = new ExtensionIdMap().map(2, 5).map(4, 3);
            ext.wrap(rtp.wrap(buf));
            assertThat(ext.remap(map)).isEqualTo(3);
            ext.wrap(rtp);
            assertThat(values()).containsExactly("5:f34350", "3:009b");
            // The block keeps its size and the cleared element is all zero bytes.
            assertThat(ByteBufUtil.hexDump(buf, 16, 12)).isEqualTo("52f34350" + "31009b" + "00000000" + "00");
            assertThat(rtp.isValid()).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void remapClearsTargetsTheFormCannotCarry() {
        ByteBuf buf = hex(FIXED + "bede0001" + "10aa" + "20bb");
        try {
            ext.wrap(rtp.wrap(buf));
            // ID 20 exists only in the two-byte form; 1 -> 1 stays as is.
            assertThat(ext.remap(new ExtensionIdMap().map(1, 1).map(2, 20))).isEqualTo(1);
            ext.wrap(rtp);
            assertThat(values()).containsExactly("1:aa");
        } finally {
            buf.release();
        }
        ByteBuf twoByte = hex(RtpCaptures.CHROME_TWO_BYTE);
        try {
            ext.wrap(rtp.wrap(twoByte));
            ExtensionIdMap map = new ExtensionIdMap().map(2, 200).map(4, 4).map(9, 9).map(3, 3).map(6, 6)
                    .map(7, 7).map(13, 13);
            assertThat(ext.remap(map)).isEqualTo(1);
            ext.wrap(rtp);
            assertThat(ext.find(200)).isTrue();
            assertThat(ByteBufUtil.hexDump(twoByte, ext.dataOffset(), ext.dataLength())).isEqualTo("03f7ae");
        } finally {
            twoByte.release();
        }
    }

    @Test
    void remapLeavesAMalformedBlockUntouched() {
        String packet = FIXED + "bede0001" + "1022" + "3f00";
        ByteBuf buf = hex(packet);
        try {
            ext.wrap(rtp.wrap(buf));
            assertThat(ext.remap(new ExtensionIdMap().map(1, 2))).isEqualTo(-1);
            assertThat(ext.isMalformed()).isTrue();
            assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(packet);
        } finally {
            buf.release();
        }
    }

    @Test
    void clearBlockPadsOutEveryElementAndKeepsTheLength() {
        String packet = FIXED + "bede0001" + "1022" + "3f00";
        ByteBuf buf = hex(packet);
        try {
            ext.wrap(rtp.wrap(buf));
            ext.clearBlock();
            assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(FIXED + "bede0001" + "00000000");
            assertThat(ext.next()).isFalse();
            assertThat(ext.isMalformed()).isFalse();
            assertThat(rtp.isValid()).isTrue();
        } finally {
            buf.release();
        }
        ByteBuf other = hex(FIXED + "abcd0001" + "11223344");
        try {
            ext.wrap(rtp.wrap(other)).clearBlock();
            assertThat(ByteBufUtil.hexDump(other)).as("not an RFC 8285 block: untouched")
                    .isEqualTo(FIXED + "abcd0001" + "11223344");
        } finally {
            other.release();
        }
    }

    @Test
    void idMapRefusesAmbiguousMappings() {
        ExtensionIdMap map = new ExtensionIdMap().map(1, 3);
        assertThatThrownBy(() -> map.map(1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.map(2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.map(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.map(2, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.target(1)).isEqualTo(3);
        assertThat(map.target(2)).isZero();
        assertThat(map.target(-1)).isZero();
        assertThat(map.target(300)).isZero();
    }

    @Test
    void idAndClearEditTheCurrentElement() {
        ByteBuf buf = hex(FIXED + "bede0001" + "10aa" + "20bb");
        try {
            ext.wrap(rtp.wrap(buf));
            assertThatThrownBy(() -> ext.id(3)).isInstanceOf(IllegalStateException.class);
            assertThat(ext.find(1)).isTrue();
            assertThatThrownBy(() -> ext.id(15)).isInstanceOf(IllegalArgumentException.class);
            ext.id(14);
            assertThat(ext.find(2)).isTrue();
            ext.clear();
            assertThat(ByteBufUtil.hexDump(buf, 16, 4)).isEqualTo("e0aa0000");
        } finally {
            buf.release();
        }
    }

    /** Write a block, put it in a packet, and read the same elements back; both forms. */
    @Test
    void writerRoundTripsBothForms() {
        RtpHeaderExtensionWriter writer = new RtpHeaderExtensionWriter();
        ByteBuf sixteen = hex("000102030405060708090a0b0c0d0e0f");
        ByteBuf out = Unpooled.buffer(64);
        try {
            RtpHeaderFlyweight.writeFixedHeader(out, false, 111, 1, 2, 3);
            int written = writer.begin(out, RtpHeaderExtensions.FORM_ONE_BYTE)
                    .addByte(1, 0x88).addShort(3, 0x1234).addPadding(1).addMedium(2, 0xabcdef)
                    .addBytes(14, sixteen, 0, 16).finish();
            // 2 + 3 + 1 + 4 + 17 = 27 bytes of elements, padded to 28.
            assertThat(written).isEqualTo(4 + 28);
            out.writeByte(0x55);
            rtp.wrap(out).extension(true);
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.extensionProfile()).isEqualTo(0xBEDE);
            assertThat(rtp.payloadLength()).isEqualTo(1);
            ext.wrap(rtp);
            assertThat(values()).containsExactly("1:88", "3:1234", "2:abcdef", "14:000102030405060708090a0b0c0d0e0f");
        } finally {
            out.release();
        }
        ByteBuf two = Unpooled.buffer(600);
        ByteBuf big = Unpooled.buffer(255).writeZero(255);
        try {
            RtpHeaderFlyweight.writeFixedHeader(two, false, 96, 1, 2, 3);
            int written = writer.begin(two, RtpHeaderExtensions.FORM_TWO_BYTE, 0x5)
                    .addBytes(200, big, 0, 0).addBytes(17, big, 0, 255).addByte(255, 1).finish();
            assertThat(written).isEqualTo(4 + 264); // 2 + 257 + 3 = 262, padded to 264
            rtp.wrap(two).extension(true);
            assertThat(rtp.isValid()).isTrue();
            assertThat(rtp.extensionProfile()).isEqualTo(0x1005);
            ext.wrap(rtp);
            List<String> ids = new ArrayList<>();
            while (ext.next()) {
                ids.add(ext.id() + "/" + ext.dataLength());
            }
            assertThat(ids).containsExactly("200/0", "17/255", "255/1");
        } finally {
            two.release();
            big.release();
            sixteen.release();
        }
    }

    @Test
    void writerRefusesWhatTheFormCannotCarry() {
        RtpHeaderExtensionWriter writer = new RtpHeaderExtensionWriter();
        ByteBuf out = Unpooled.buffer(64);
        ByteBuf seventeen = Unpooled.buffer(17).writeZero(17);
        try {
            writer.begin(out, RtpHeaderExtensions.FORM_ONE_BYTE);
            assertThatThrownBy(() -> writer.addByte(15, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.addByte(0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.addBytes(1, seventeen, 0, 17)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.addBytes(1, seventeen, 0, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(writer.finish()).isEqualTo(4);
            assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> writer.begin(out, RtpHeaderExtensions.FORM_ONE_BYTE, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> writer.begin(out, RtpHeaderExtensions.FORM_NONE))
                    .isInstanceOf(IllegalArgumentException.class);
            writer.begin(out, RtpHeaderExtensions.FORM_TWO_BYTE);
            assertThatThrownBy(() -> writer.addByte(256, 0)).isInstanceOf(IllegalArgumentException.class);
            writer.finish();
        } finally {
            out.release();
            seventeen.release();
        }
    }

    /**
     * Seeded random headers and blocks: validation, the element walk and remapping never throw, and
     * every element they report lies inside the extension block.
     */
    @Test
    void neverThrowsOnRandomInput() {
        SplittableRandom random = new SplittableRandom(8285);
        ExtensionIdMap map = new ExtensionIdMap().map(1, 2).map(2, 1).map(3, 200).map(14, 14);
        int walked = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(0, 64)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            int csrcs = random.nextInt(3);
            int at = 12 + 4 * csrcs;
            if (bytes.length >= at + 4) {
                // V=2, X=1, random P, a few CSRCs, then an RFC 8285 profile and a small length.
                bytes[0] = (byte) (0x90 | (bytes[0] & 0x20) | csrcs);
                boolean oneByte = random.nextBoolean();
                bytes[at] = (byte) (oneByte ? 0xbe : 0x10);
                bytes[at + 1] = (byte) (oneByte ? 0xde : 0x00);
                bytes[at + 2] = 0;
                bytes[at + 3] = (byte) random.nextInt(0, 6);
            }
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            try {
                if (!rtp.wrap(buf).isValid()) {
                    continue;
                }
                walked++;
                int blockEnd = rtp.extensionDataOffset() + rtp.extensionDataLength();
                ext.wrap(rtp);
                while (ext.next()) {
                    assertThat(ext.dataOffset() + ext.dataLength()).isLessThanOrEqualTo(blockEnd);
                }
                ext.remap(map);
                assertThat(rtp.isValid()).isTrue();
            } finally {
                buf.release();
            }
        }
        assertThat(walked).as("valid packets whose blocks were walked").isGreaterThan(2_000);
    }

    private void assertMalformed(String hex) {
        ByteBuf buf = hex(hex);
        try {
            assertThat(rtp.wrap(buf).isValid()).isTrue();
            ext.wrap(rtp);
            while (ext.next()) {
                // walk
            }
            assertThat(ext.isMalformed()).as(hex).isTrue();
            assertThat(ext.dataOffset()).isEqualTo(-1);
        } finally {
            buf.release();
        }
    }

    /** "id:hexdata@dataOffset" of every element from the current position. */
    private List<String> elements() {
        List<String> out = new ArrayList<>();
        while (ext.next()) {
            out.add(ext.id() + ":" + ByteBufUtil.hexDump(ext.buffer(), ext.dataOffset(), ext.dataLength())
                    + "@" + ext.dataOffset());
        }
        return out;
    }

    /** "id:hexdata" of every element from the current position. */
    private List<String> values() {
        List<String> out = new ArrayList<>();
        while (ext.next()) {
            out.add(ext.id() + ":" + ByteBufUtil.hexDump(ext.buffer(), ext.dataOffset(), ext.dataLength()));
        }
        return out;
    }
}
