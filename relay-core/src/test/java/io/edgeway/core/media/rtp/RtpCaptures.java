package io.edgeway.core.media.rtp;

/**
 * RTP headers captured from Chrome, with the dissection Wireshark printed for them, as published in
 * olivermichel/webrtc-analysis ({@code test/include/data.h}, packets rtp_pkt1 to rtp_pkt3). The captures
 * end after the header extension (no payload). Kept as hex, like pion's {@code testdata/*.hex}.
 */
final class RtpCaptures {

    /**
     * rtp_pkt1. Wireshark: PT 45, seq 6751, ts 3557360969, SSRC 0xf7b16e83, 0xbede, length 3;
     * ID 2 L=3 f34350; ID 4 L=2 009b; ID 13 L=3 810045; one padding byte.
     */
    static final String CHROME_ONE_BYTE_SHORT = "902d1a5fd4090549f7b16e83bede0003" + "22f34350" + "41009b"
            + "d2810045" + "00";

    /**
     * rtp_pkt2. Wireshark: M=1, PT 45, seq 6612, ts 3557156759, SSRC 0xf7b16e83, 0xbede, length 8;
     * ID 2 L=3 ea432b; ID 4 L=2 0004; ID 9 L=1 30; ID 3 L=1 00; ID 6 L=1 02;
     * ID 7 L=13 0100030009000a002300000000; ID 13 L=3 400001; one padding byte.
     */
    static final String CHROME_ONE_BYTE_LONG = "90ad19d4d405e797f7b16e83bede0008" + "22ea432b" + "410004" + "9030"
            + "3000" + "6002" + "7c0100030009000a002300000000" + "d2400001" + "00";

    /**
     * rtp_pkt3. Wireshark: PT 45, seq 25029, ts 2500464622, SSRC 0x8d3814e5, 0x1000, length 17;
     * ID 2 L=3 03f7ae; ID 4 L=2 0002; ID 9 L=1 30; ID 3 L=1 00; ID 6 L=1 02;
     * ID 7 L=13 01000100070007000a00000000; ID 13 L=33 c000018003187aaaf130a0a014d1413823046008642222265009f0077013f00ef0.
     */
    static final String CHROME_TWO_BYTE = "902d61c5950a0fee8d3814e510000011" + "020303f7ae" + "04020002" + "090130"
            + "030100" + "060102" + "070d01000100070007000a00000000"
            + "0d21c000018003187aaaf130a0a014d1413823046008642222265009f0077013f00ef0";

    private RtpCaptures() {
    }
}
