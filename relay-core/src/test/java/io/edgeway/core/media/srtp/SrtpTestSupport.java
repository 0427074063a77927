package io.edgeway.core.media.srtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Random;

/** Packet builders, buffers of both kinds, and hex for the SRTP tests. */
final class SrtpTestSupport {

    /** Enough writable space after a packet for either profile's SRTP or SRTCP trailer. */
    static final int TAILROOM = 32;

    /** The two ways packets reach the transform: a heap array in place, or a copy of a direct buffer. */
    enum BufferKind {
        HEAP {
            @Override
            ByteBuf wrap(byte[] bytes, int tailroom) {
                return Unpooled.buffer(bytes.length + tailroom).writeBytes(bytes);
            }
        },
        DIRECT {
            @Override
            ByteBuf wrap(byte[] bytes, int tailroom) {
                return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + tailroom).writeBytes(bytes);
            }
        };

        abstract ByteBuf wrap(byte[] bytes, int tailroom);
    }

    private SrtpTestSupport() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
    }

    static byte[] readable(ByteBuf buffer) {
        return ByteBufUtil.getBytes(buffer);
    }

    /** An RTP packet: version 2, payload type 96, the given CSRC count and header extension words. */
    static byte[] rtp(int ssrc, int seq, int csrcCount, int extensionWords, int payloadLength, Random random) {
        int headerLength = 12 + 4 * csrcCount + (extensionWords >= 0 ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[headerLength + payloadLength];
        random.nextBytes(packet);
        packet[0] = (byte) (0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = (byte) 96;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        putInt(packet, 8, ssrc);
        if (extensionWords >= 0) {
            int at = 12 + 4 * csrcCount;
            packet[at] = (byte) 0xBE; // RFC 8285 one-byte header profile
            packet[at + 1] = (byte) 0xDE;
            packet[at + 2] = (byte) (extensionWords >>> 8);
            packet[at + 3] = (byte) extensionWords;
        }
        return packet;
    }

    static byte[] rtp(int ssrc, int seq, int payloadLength) {
        return rtp(ssrc, seq, 0, -1, payloadLength, new Random(seq));
    }

    /** A compound RTCP packet: a sender report of the given SSRC followed by {@code extra} random octets. */
    static byte[] rtcp(int ssrc, int extraWords, Random random) {
        byte[] packet = new byte[28 + 4 * extraWords];
        random.nextBytes(packet);
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 200;
        packet[2] = 0;
        packet[3] = 6;
        putInt(packet, 4, ssrc);
        if (extraWords > 0) {
            packet[28] = (byte) 0x81; // a receiver report block header; content is opaque to SRTCP
            packet[29] = (byte) 201;
            packet[30] = (byte) ((extraWords - 1) >>> 8);
            packet[31] = (byte) (extraWords - 1);
        }
        return packet;
    }

    static void putInt(byte[] array, int offset, int value) {
        array[offset] = (byte) (value >>> 24);
        array[offset + 1] = (byte) (value >>> 16);
        array[offset + 2] = (byte) (value >>> 8);
        array[offset + 3] = (byte) value;
    }

    static SrtpSessionKeys rtpKeys(SrtpProfile profile, long seed) {
        Random random = new Random(seed);
        return SrtpKeyDerivation.rtp(profile, bytes(random, profile.masterKeyLength()),
                bytes(random, profile.masterSaltLength()));
    }

    static SrtpSessionKeys rtcpKeys(SrtpProfile profile, long seed) {
        Random random = new Random(seed);
        return SrtpKeyDerivation.rtcp(profile, bytes(random, profile.masterKeyLength()),
                bytes(random, profile.masterSaltLength()));
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
