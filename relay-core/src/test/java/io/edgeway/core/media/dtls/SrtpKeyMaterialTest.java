package io.edgeway.core.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The RFC 5764 §4.2 split of the exporter output, and which half is ours. */
class SrtpKeyMaterialTest {

    /** 0, 1, 2, ... so every field's position is visible in the bytes it gets. */
    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] range(int fromInclusive, int toExclusive) {
        byte[] bytes = new byte[toExclusive - fromInclusive];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (fromInclusive + i);
        }
        return bytes;
    }

    @Test
    void aesCmSplitsKeysFirstThenSalts() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                DtlsRole.SERVER, counting(60));

        assertThat(keys.clientWriteMasterKey()).isEqualTo(range(0, 16));
        assertThat(keys.serverWriteMasterKey()).isEqualTo(range(16, 32));
        assertThat(keys.clientWriteMasterSalt()).isEqualTo(range(32, 46));
        assertThat(keys.serverWriteMasterSalt()).isEqualTo(range(46, 60));
    }

    @Test
    void gcmUsesTwelveByteSalts() {
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                DtlsRole.SERVER, counting(56));

        assertThat(keys.clientWriteMasterKey()).isEqualTo(range(0, 16));
        assertThat(keys.serverWriteMasterKey()).isEqualTo(range(16, 32));
        assertThat(keys.clientWriteMasterSalt()).isEqualTo(range(32, 44));
        assertThat(keys.serverWriteMasterSalt()).isEqualTo(range(44, 56));
    }

    @Test
    void theServerSendsWithServerWriteAndReceivesWithClientWrite() {
        SrtpKeyMaterial server = SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                DtlsRole.SERVER, counting(56));
        SrtpKeyMaterial client = SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                DtlsRole.CLIENT, counting(56));

        assertThat(server.localMasterKey()).isEqualTo(server.serverWriteMasterKey());
        assertThat(server.localMasterSalt()).isEqualTo(server.serverWriteMasterSalt());
        assertThat(server.remoteMasterKey()).isEqualTo(server.clientWriteMasterKey());
        assertThat(server.remoteMasterSalt()).isEqualTo(server.clientWriteMasterSalt());
        assertThat(client.localMasterKey()).isEqualTo(client.clientWriteMasterKey());
        assertThat(client.remoteMasterKey()).isEqualTo(client.serverWriteMasterKey());
        assertThat(server.localMasterKey()).isEqualTo(client.remoteMasterKey());
    }

    @Test
    void accessorsHandOutCopiesAndTheInputIsNotKept() {
        byte[] exported = counting(56);
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                DtlsRole.SERVER, exported);

        exported[0] = 99;
        keys.clientWriteMasterKey()[1] = 99;

        assertThat(keys.clientWriteMasterKey()).isEqualTo(range(0, 16));
    }

    @Test
    void wrongExporterLengthIsRefused() {
        assertThatThrownBy(() -> SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
                DtlsRole.SERVER, counting(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be 56 bytes");
    }

    @Test
    void toStringShowsNoKeyMaterial() {
        byte[] exported = new byte[60];
        java.util.Arrays.fill(exported, (byte) 0xAB);
        SrtpKeyMaterial keys = SrtpKeyMaterial.fromExporterOutput(SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
                DtlsRole.SERVER, exported);

        assertThat(keys.toString())
                .isEqualTo("SrtpKeyMaterial[SRTP_AES128_CM_HMAC_SHA1_80, local=SERVER]")
                .doesNotContainIgnoringCase("ab");
    }
}
