package io.edgeway.core.media.srtp;

import static io.edgeway.core.media.srtp.SrtpTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpKeyDerivationTest {

    // RFC 3711 Appendix B.3, "Key Derivation Test Vectors".
    private static final byte[] MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
    private static final byte[] CIPHER_KEY = hex("C61E7A93744F39EE10734AFE3FF7A087");
    private static final byte[] CIPHER_SALT = hex("30CBBC08863D8C85D49DB34A9AE1");
    private static final byte[] AUTH_KEY_94 = hex("""
            CEBE321F6FF7716B6FD4AB49AF256A15
            6D38BAA48F0A0ACF3C34E2359E6CDBCE
            E049646C43D9327AD175578EF7227098
            6371C10C9A369AC2F94A8C5FBCDDDC25
            6D6E919A48B610EF17C2041E47403576
            6B68642C59BBFC2F34DB60DBDFB2""");

    @Test
    void rfc3711AppendixB3CipherKeySaltAndAuthKey() {
        assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(CIPHER_KEY);
        assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_SALT, 14))
                .isEqualTo(CIPHER_SALT);
        // B.3 derives a 94-octet auth key, six AES blocks: this checks the PRF's block counter.
        assertThat(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION, 94))
                .isEqualTo(AUTH_KEY_94);
    }

    @Test
    void cmProfileSessionKeysAreTheB3ValuesWithA20OctetAuthKey() {
        SrtpSessionKeys keys = SrtpKeyDerivation.rtp(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);

        assertThat(keys.encryptionKey()).isEqualTo(CIPHER_KEY);
        assertThat(keys.salt()).isEqualTo(CIPHER_SALT);
        // RFC 3711 §5.2 / RFC 5764 §4.1.2: HMAC-SHA1 uses a 160-bit key, the first 20 octets of the PRF.
        assertThat(keys.authKey()).isEqualTo(Arrays.copyOf(AUTH_KEY_94, 20));
        assertThat(keys.toString()).doesNotContain("C61E", "c61e");
    }

    @Test
    void srtcpKeysUseLabels3To5AndDifferFromSrtpKeys() {
        SrtpSessionKeys rtcp = SrtpKeyDerivation.rtcp(SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80, MASTER_KEY, MASTER_SALT);

        assertThat(rtcp.encryptionKey())
                .isEqualTo(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION, 16))
                .isNotEqualTo(CIPHER_KEY);
        assertThat(rtcp.salt())
                .isEqualTo(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTCP_SALT, 14));
        assertThat(rtcp.authKey())
                .isEqualTo(SrtpKeyDerivation.derive(MASTER_KEY, MASTER_SALT, SrtpKeyDerivation.LABEL_RTCP_AUTHENTICATION, 20));
    }

    @Test
    void gcmProfileDerivesA16OctetKeyAnd12OctetSaltAndNoAuthKey() {
        byte[] salt12 = Arrays.copyOf(MASTER_SALT, 12);
        SrtpSessionKeys keys = SrtpKeyDerivation.rtp(SrtpProfile.SRTP_AEAD_AES_128_GCM, MASTER_KEY, salt12);

        assertThat(keys.encryptionKey()).hasSize(16);
        assertThat(keys.salt()).hasSize(12);
        assertThat(keys.authKey()).isEmpty();
        // RFC 7714 §11 keeps RFC 3711's PRF: the 12-octet salt fills the first 12 of the 14 input octets,
        // so the label still lands on octet 7 (the layout libsrtp, and so browsers, use).
        assertThat(keys.encryptionKey())
                .isEqualTo(SrtpKeyDerivation.derive(MASTER_KEY, salt12, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16));
        byte[] zeroPadded = Arrays.copyOf(salt12, 14);
        assertThat(keys.salt())
                .isEqualTo(Arrays.copyOf(SrtpKeyDerivation.derive(MASTER_KEY, zeroPadded, SrtpKeyDerivation.LABEL_RTP_SALT, 14), 12));
    }

    @Test
    void rejectsKeyAndSaltSizesTheProfileDoesNotUse() {
        assertThatThrownBy(() -> SrtpKeyDerivation.rtp(SrtpProfile.SRTP_AEAD_AES_128_GCM, MASTER_KEY, MASTER_SALT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12-octet master salt");
        assertThatThrownBy(() -> SrtpKeyDerivation.derive(new byte[32], MASTER_SALT, 0, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SrtpKeyDerivation.derive(MASTER_KEY, new byte[13], 0, 16))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void profilesCarryTheRfcParameters() {
        SrtpProfile cm = SrtpProfile.SRTP_AES128_CM_HMAC_SHA1_80;
        SrtpProfile gcm = SrtpProfile.SRTP_AEAD_AES_128_GCM;

        assertThat(cm.id()).isEqualTo(0x0001);
        assertThat(cm.keyingMaterialLength()).isEqualTo(60); // RFC 5764 §4.2: 2 * (16 + 14)
        assertThat(cm.rtpTrailerLength()).isEqualTo(10);
        assertThat(cm.rtcpTrailerLength()).isEqualTo(14);
        assertThat(gcm.id()).isEqualTo(0x0007);
        assertThat(gcm.keyingMaterialLength()).isEqualTo(56); // 2 * (16 + 12)
        assertThat(gcm.rtpTrailerLength()).isEqualTo(16);
        assertThat(gcm.rtcpTrailerLength()).isEqualTo(20);
        assertThat(SrtpProfile.byId(0x0007)).contains(gcm);
        assertThat(SrtpProfile.byId(0x0002)).isEmpty();
    }
}
