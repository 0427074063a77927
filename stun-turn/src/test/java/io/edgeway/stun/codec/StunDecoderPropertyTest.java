package io.edgeway.stun.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Property: for any bytes, {@link StunMessage#wrap} either parses or throws {@link StunParseException},
 * and so does every attribute reader on what it parsed; nothing else is thrown, nothing leaks. 100,000
 * cases from a fixed seed, a third each of raw random bytes, random well-framed messages of random
 * attributes, and mutations of the RFC vectors.
 */
class StunDecoderPropertyTest {

    private static final int CASES = 100_000;
    private static final long SEED = 0x5EED_57A1L;

    /** Attribute types the generator favours, so the readers see their own types with random values. */
    private static final int[] TYPES = {
        StunAttributeType.MAPPED_ADDRESS, StunAttributeType.USERNAME, StunAttributeType.MESSAGE_INTEGRITY,
        StunAttributeType.ERROR_CODE, StunAttributeType.UNKNOWN_ATTRIBUTES, StunAttributeType.CHANNEL_NUMBER,
        StunAttributeType.LIFETIME, StunAttributeType.XOR_PEER_ADDRESS, StunAttributeType.DATA,
        StunAttributeType.REALM, StunAttributeType.NONCE, StunAttributeType.XOR_RELAYED_ADDRESS,
        StunAttributeType.REQUESTED_ADDRESS_FAMILY, StunAttributeType.EVEN_PORT, StunAttributeType.REQUESTED_TRANSPORT,
        StunAttributeType.DONT_FRAGMENT, StunAttributeType.MESSAGE_INTEGRITY_SHA256, StunAttributeType.PASSWORD_ALGORITHM,
        StunAttributeType.USERHASH, StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeType.RESERVATION_TOKEN,
        StunAttributeType.ADDITIONAL_ADDRESS_FAMILY, StunAttributeType.ADDRESS_ERROR_CODE,
        StunAttributeType.PASSWORD_ALGORITHMS, StunAttributeType.ALTERNATE_DOMAIN, StunAttributeType.ICMP,
        StunAttributeType.SOFTWARE, StunAttributeType.ALTERNATE_SERVER, StunAttributeType.FINGERPRINT,
    };

    private static final String[] VECTORS = {
        TestVectors.RFC5769_REQUEST, TestVectors.RFC5769_IPV4_RESPONSE, TestVectors.RFC5769_IPV6_RESPONSE,
        TestVectors.RFC5769_LONG_TERM_REQUEST, TestVectors.RFC8489_B1_REQUEST,
    };

    private final StunMessage message = new StunMessage();

    @Test
    void decoderOnlyEverThrowsStunParseException() {
        Random random = new Random(SEED);
        byte[][] vectors = new byte[VECTORS.length][];
        for (int i = 0; i < VECTORS.length; i++) {
            vectors[i] = TestVectors.load(VECTORS[i]);
        }
        int parsed = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input;
            switch (i % 3) {
                case 0:
                    input = new byte[random.nextInt(64)];
                    random.nextBytes(input);
                    break;
                case 1:
                    input = randomMessage(random);
                    break;
                default:
                    input = mutate(random, vectors[random.nextInt(vectors.length)]);
                    break;
            }
            if (decode(input, random.nextBoolean(), random.nextInt(4))) {
                parsed++;
            }
        }
        // The generator must reach the readers, not just the framing checks.
        assertThat(parsed).isGreaterThan(CASES / 10);
    }

    /** Returns whether the input parsed; fails the test on any exception but StunParseException. */
    private boolean decode(byte[] input, boolean direct, int offset) {
        ByteBuf buf = direct ? Unpooled.directBuffer(offset + input.length) : Unpooled.buffer(offset + input.length);
        try {
            buf.writeZero(offset).writeBytes(input);
            try {
                message.wrap(buf, offset, input.length);
            } catch (StunParseException e) {
                return false;
            }
            AllAttributeReaders.readAll(message);
            return true;
        } finally {
            buf.release();
        }
    }

    private static byte[] randomMessage(Random random) {
        ByteBuf body = Unpooled.buffer();
        try {
            int attributes = random.nextInt(8);
            for (int a = 0; a < attributes; a++) {
                int type = random.nextInt(8) == 0 ? random.nextInt(0x10000) : TYPES[random.nextInt(TYPES.length)];
                int length = random.nextInt(5) == 0 ? random.nextInt(48) : new int[] {0, 1, 2, 4, 8, 20, 32}[random.nextInt(7)];
                byte[] value = new byte[length];
                random.nextBytes(value);
                if (length >= 2 && random.nextBoolean()) {
                    value[1] = (byte) (1 + random.nextInt(2));   // plausible address family
                }
                if (length >= 4 && random.nextBoolean()) {
                    value[2] = (byte) (3 + random.nextInt(4));   // plausible error class
                    value[3] = (byte) random.nextInt(100);
                }
                body.writeShort(type).writeShort(length).writeBytes(value);
                body.writeZero((4 - (length & 3)) & 3);
            }
            boolean fingerprint = random.nextInt(4) == 0;
            int bodyLength = body.readableBytes() + (fingerprint ? 8 : 0);
            byte[] out = new byte[20 + bodyLength];
            out[0] = (byte) random.nextInt(0x40);
            out[1] = (byte) random.nextInt(0x100);
            out[2] = (byte) (bodyLength >> 8);
            out[3] = (byte) bodyLength;
            out[4] = 0x21;
            out[5] = 0x12;
            out[6] = (byte) 0xA4;
            out[7] = 0x42;
            for (int i = 8; i < 20; i++) {
                out[i] = (byte) random.nextInt(0x100);
            }
            body.readBytes(out, 20, body.readableBytes());
            if (fingerprint) {
                int at = out.length - 8;
                CRC32 crc = new CRC32();
                crc.update(out, 0, at);
                int value = (int) crc.getValue() ^ StunMessage.FINGERPRINT_XOR;
                out[at] = (byte) 0x80;
                out[at + 1] = 0x28;
                out[at + 3] = 4;
                out[at + 4] = (byte) (value >> 24);
                out[at + 5] = (byte) (value >> 16);
                out[at + 6] = (byte) (value >> 8);
                out[at + 7] = (byte) value;
            }
            return out;
        } finally {
            body.release();
        }
    }

    private static byte[] mutate(Random random, byte[] vector) {
        byte[] out = vector.clone();
        switch (random.nextInt(4)) {
            case 0:
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return out;
            case 1:
                // Rewrite one byte of an attribute header (type or length) after the STUN header.
                out[20 + random.nextInt(out.length - 20)] = (byte) random.nextInt(0x100);
                return out;
            case 2: {
                // Truncate to a multiple of 4 and fix the length field, so framing passes.
                int length = 20 + 4 * random.nextInt((out.length - 20) / 4 + 1);
                byte[] cut = new byte[length];
                System.arraycopy(out, 0, cut, 0, length);
                cut[2] = (byte) ((length - 20) >> 8);
                cut[3] = (byte) (length - 20);
                return cut;
            }
            default:
                // Drop the FINGERPRINT check's protection by fixing nothing: random byte anywhere.
                out[random.nextInt(out.length)] = (byte) random.nextInt(0x100);
                return out;
        }
    }
}
