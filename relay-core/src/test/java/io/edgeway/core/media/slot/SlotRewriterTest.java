package io.edgeway.core.media.slot;

import static io.edgeway.core.media.slot.SlotRewriter.AWAITING_KEY_FRAME;
import static io.edgeway.core.media.slot.SlotRewriter.FORWARD;
import static io.edgeway.core.media.slot.SlotRewriter.NOT_SELECTED;
import static io.edgeway.core.media.slot.SlotRewriter.TOO_OLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeway.core.media.vp8.Vp8PayloadDescriptor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * A slot's output stays one continuous stream (sequence numbers, timestamps, VP8 PictureID and
 * TL0PICIDX) across source and layer switches, keeps losses as gaps within a source, places late packets,
 * and remembers where each output packet came from.
 */
class SlotRewriterTest {

    private static final long MS = 1_000_000L;
    private static final int ALICE = 0xA11CE;
    private static final int BOB = 0xB0B;
    private static final int BOB_HIGH = 0xB0B2;

    @Test
    void audioSwitchesAtOnceAndContinuesSequenceAndTimestamp() {
        SlotRewriter slot = new SlotRewriter(0x5107, 48_000, false, 1000, 50_000);
        slot.target(ALICE);
        for (int i = 0; i < 5; i++) {
            assertThat(slot.admit(ALICE, 100 + i, 960 * i, false, i * 20 * MS)).isEqualTo(FORWARD);
            assertThat(slot.outSequence()).isEqualTo(1000 + i);
            assertThat(slot.outTimestamp()).isEqualTo(50_000 + 960 * i);
        }
        slot.target(BOB);
        // Alice's next packet is no longer wanted: audio switches on the target's first packet, and until
        // then the current source keeps flowing.
        assertThat(slot.admit(ALICE, 105, 960 * 5, false, 100 * MS)).isEqualTo(FORWARD);
        // Bob's first packet 40 ms after Alice's last: timestamp moves on by 40 ms at 48 kHz.
        assertThat(slot.admit(BOB, 7000, 123_456, false, 140 * MS)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(1006);
        assertThat(slot.outTimestamp()).isEqualTo(50_000 + 960 * 5 + 1920);
        assertThat(slot.admit(BOB, 7001, 123_456 + 960, false, 160 * MS)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(1007);
        assertThat(slot.outTimestamp()).isEqualTo(50_000 + 960 * 5 + 1920 + 960);
        assertThat(slot.admit(ALICE, 106, 960 * 6, false, 160 * MS)).isEqualTo(NOT_SELECTED);
    }

    @Test
    void videoKeepsTheCurrentSourceUntilTheTargetsKeyFrame() {
        SlotRewriter slot = new SlotRewriter(0x5108, 90_000, true, 0, 0);
        slot.target(BOB);
        assertThat(slot.awaitingKeyFrame()).isTrue();
        assertThat(slot.admit(BOB, 10, 3000, false, 0)).isEqualTo(AWAITING_KEY_FRAME);
        assertThat(slot.admit(BOB, 11, 6000, true, 33 * MS)).isEqualTo(FORWARD);
        assertThat(slot.awaitingKeyFrame()).isFalse();
        assertThat(slot.outSequence()).isEqualTo(0);
        assertThat(slot.admit(BOB, 12, 6000, false, 34 * MS)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(1);

        // A layer switch up: the low layer keeps flowing until the high layer's key frame.
        slot.target(BOB_HIGH);
        assertThat(slot.admit(BOB_HIGH, 500, 6000, false, 40 * MS)).isEqualTo(AWAITING_KEY_FRAME);
        assertThat(slot.admit(BOB, 13, 9000, false, 66 * MS)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(2);
        assertThat(slot.admit(BOB_HIGH, 501, 9000, true, 67 * MS)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(3);
        // 1 ms after the last packet sent: 90 ticks on.
        assertThat(slot.outTimestamp()).isEqualTo(9000 - 6000 + 90);
        assertThat(slot.admit(BOB, 14, 12_000, false, 99 * MS)).isEqualTo(NOT_SELECTED);
        // A late high-layer packet from before the switch point cannot be placed.
        assertThat(slot.admit(BOB_HIGH, 499, 3000, false, 99 * MS)).isEqualTo(TOO_OLD);
    }

    @Test
    void lossesStayGapsAndLatePacketsFindTheirPlace() {
        SlotRewriter slot = new SlotRewriter(1, 90_000, false, 200, 0);
        slot.target(ALICE);
        assertThat(slot.admit(ALICE, 65534, 0, false, 0)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(200);
        // 65535 and 0 are late; 1 arrives first, across the wrap.
        assertThat(slot.admit(ALICE, 1, 0, false, 0)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(203);
        assertThat(slot.admit(ALICE, 65535, 0, false, 0)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(201);
        assertThat(slot.admit(ALICE, 0, 0, false, 0)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(202);
        // Far older than the reorder window: not placeable.
        assertThat(slot.admit(ALICE, 65534 - SlotRewriter.REORDER_WINDOW, 0, false, 0)).isEqualTo(TOO_OLD);
    }

    @Test
    void skippedPacketsLeaveNoGap() {
        SlotRewriter slot = new SlotRewriter(1, 90_000, false, 0, 0);
        slot.target(ALICE);
        slot.admit(ALICE, 10, 0, false, 0);
        slot.skip(ALICE, 11);
        slot.skip(ALICE, 12);
        assertThat(slot.admit(ALICE, 14, 0, false, 0)).isEqualTo(FORWARD);
        // 13 is lost (a gap of one) and 11, 12 vanish.
        assertThat(slot.outSequence()).isEqualTo(2);
        assertThat(slot.admit(ALICE, 13, 0, false, 0)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(1);
        assertThat(slot.admit(ALICE, 12, 0, false, 0)).isEqualTo(TOO_OLD);
        // Skipping a late packet only stops it being forwarded.
        slot.admit(ALICE, 16, 0, false, 0);
        slot.skip(ALICE, 15);
        assertThat(slot.admit(ALICE, 15, 0, false, 0)).isEqualTo(TOO_OLD);
    }

    @Test
    void pauseStopsAtOnceAndResumingContinues() {
        SlotRewriter slot = new SlotRewriter(1, 48_000, false, 0, 0);
        slot.target(ALICE);
        slot.admit(ALICE, 1, 1000, false, 0);
        slot.pause();
        assertThat(slot.admit(ALICE, 2, 1960, false, 20 * MS)).isEqualTo(NOT_SELECTED);
        slot.target(ALICE);
        assertThat(slot.admit(ALICE, 50, 48_040, false, 1000 * MS)).isEqualTo(FORWARD);
        assertThat(slot.outSequence()).isEqualTo(1);
        assertThat(slot.outTimestamp()).isEqualTo(48_000);
    }

    @Test
    void remembersWhereEachOutputPacketCameFrom() {
        SlotRewriter slot = new SlotRewriter(1, 48_000, false, 65535, 0);
        slot.target(ALICE);
        slot.admit(ALICE, 300, 0, false, 0);
        slot.target(BOB);
        slot.admit(BOB, 9, 0, false, 20 * MS);
        assertThat(slot.findSent(65535)).isTrue();
        assertThat(slot.foundSourceSsrc()).isEqualTo(ALICE);
        assertThat(slot.foundInSequence()).isEqualTo(300);
        assertThat(slot.findSent(0)).isTrue();
        assertThat(slot.foundSourceSsrc()).isEqualTo(BOB);
        assertThat(slot.foundInSequence()).isEqualTo(9);
        assertThat(slot.findSent(1)).isFalse();
        for (int i = 10; i < 10 + SlotRewriter.SENT_HISTORY; i++) {
            slot.admit(BOB, i, 0, false, 20 * MS);
        }
        assertThat(slot.findSent(0)).isFalse();
    }

    @Test
    void vp8PictureIdAndTl0PicIdxContinueAcrossASwitch() {
        SlotRewriter slot = new SlotRewriter(1, 90_000, true, 0, 0);
        Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
        slot.target(ALICE);
        // Alice: pictures 32766, 32767, 0 (wrapping) with TL0PICIDX 254, 255, 0.
        assertThat(forwardVp8(slot, vp8, ALICE, 1, true, 32766, 254)).containsExactly(32766, 254);
        assertThat(forwardVp8(slot, vp8, ALICE, 2, false, 32767, 255)).containsExactly(32767, 255);
        assertThat(forwardVp8(slot, vp8, ALICE, 3, false, 0, 0)).containsExactly(0, 0);
        slot.target(BOB);
        // Bob's key frame has picture 9000 and TL0PICIDX 17: the slot continues at 1 and 1.
        assertThat(forwardVp8(slot, vp8, BOB, 400, true, 9000, 17)).containsExactly(1, 1);
        assertThat(forwardVp8(slot, vp8, BOB, 401, false, 9001, 17)).containsExactly(2, 1);
        assertThat(forwardVp8(slot, vp8, BOB, 402, false, 9002, 18)).containsExactly(3, 2);
    }

    private static int[] forwardVp8(SlotRewriter slot, Vp8PayloadDescriptor vp8, int source, int sequence,
            boolean keyFrame, int pictureId, int tl0PicIdx) {
        ByteBuf payload = Unpooled.buffer();
        try {
            payload.writeByte(0x90).writeByte(0xE0).writeShort(0x8000 | pictureId).writeByte(tl0PicIdx).writeByte(0x40);
            payload.writeByte(keyFrame ? 0x50 : 0x51).writeShort(0);
            assertThat(vp8.wrap(payload, 0, payload.readableBytes()).isValid()).isTrue();
            assertThat(slot.admit(source, sequence, sequence * 3000, vp8.keyFrame(), sequence * MS)).isEqualTo(FORWARD);
            slot.rewriteVp8(vp8);
            return new int[] {vp8.pictureId(), vp8.tl0PicIdx()};
        } finally {
            payload.release();
        }
    }
}
