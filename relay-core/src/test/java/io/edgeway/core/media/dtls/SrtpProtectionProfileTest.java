package io.edgeway.core.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Wire values, lengths and the server's choice among the client's offers. */
class SrtpProtectionProfileTest {

    @Test
    void wireValuesAndLengthsAreThoseOfTheRfcs() {
        // RFC 7714 §14.2 and RFC 5764 §4.1.2.
        assertThat(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM.id()).isEqualTo(0x0007);
        assertThat(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM.exporterLength()).isEqualTo(2 * (16 + 12));
        assertThat(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80.id()).isEqualTo(0x0001);
        assertThat(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80.exporterLength()).isEqualTo(2 * (16 + 14));
        // The same values as Bouncy Castle's constants, which go on the wire.
        assertThat(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM.id())
                .isEqualTo(org.bouncycastle.tls.SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80.id())
                .isEqualTo(org.bouncycastle.tls.SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void serverPreferenceWinsOverClientOrder() {
        assertThat(SrtpProtectionProfile.select(new int[] {0x0001, 0x0007}))
                .isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(SrtpProtectionProfile.select(new int[] {0x0002, 0x0001}))
                .isEqualTo(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        assertThat(SrtpProtectionProfile.select(new int[] {0x0002, 0x0008})).isNull();
        assertThat(SrtpProtectionProfile.select(new int[0])).isNull();
    }

    @Test
    void forIdKnowsOnlyOurProfiles() {
        assertThat(SrtpProtectionProfile.forId(7)).isEqualTo(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
        assertThat(SrtpProtectionProfile.forId(2)).isNull();
    }
}
