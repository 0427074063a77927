package io.edgeway.core.media.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * The SRTP master keys and salts of one DTLS-SRTP association, as exported when its handshake completed,
 * together with the negotiated protection profile and which side of the handshake we were.
 *
 * <p>RFC 5764 §4.2 lays the exporter output out as four consecutive fields:
 * <pre>
 *   client_write_SRTP_master_key[key_len]
 *   server_write_SRTP_master_key[key_len]
 *   client_write_SRTP_master_salt[salt_len]
 *   server_write_SRTP_master_salt[salt_len]
 * </pre>
 * Keys and salts are grouped by kind, not by direction, so an implementation that takes "key then salt"
 * for the client and then for the server derives wrong SRTP keys that still look plausible; the tests
 * pin this order. The client protects what it sends with the client_write pair, the server with the
 * server_write pair, so for the server {@link #localMasterKey()} (what we encrypt with) is the
 * server_write key and {@link #remoteMasterKey()} (what we decrypt with) the client_write key.
 *
 * <p>Immutable and safe to share. Every accessor returns a fresh copy so no caller can change another's
 * keys; the SRTP contexts copy them once, at installation, never per packet. {@link #toString()} never
 * prints key material.
 */
public final class SrtpKeyMaterial {

    private final SrtpProtectionProfile profile;
    private final DtlsRole localRole;
    private final byte[] clientWriteMasterKey;
    private final byte[] serverWriteMasterKey;
    private final byte[] clientWriteMasterSalt;
    private final byte[] serverWriteMasterSalt;

    private SrtpKeyMaterial(SrtpProtectionProfile profile, DtlsRole localRole, byte[] clientWriteMasterKey,
            byte[] serverWriteMasterKey, byte[] clientWriteMasterSalt, byte[] serverWriteMasterSalt) {
        this.profile = profile;
        this.localRole = localRole;
        this.clientWriteMasterKey = clientWriteMasterKey;
        this.serverWriteMasterKey = serverWriteMasterKey;
        this.clientWriteMasterSalt = clientWriteMasterSalt;
        this.serverWriteMasterSalt = serverWriteMasterSalt;
    }

    /**
     * Splits the output of the TLS exporter (label {@code "EXTRACTOR-dtls_srtp"}, no context, length
     * {@link SrtpProtectionProfile#exporterLength()}) into the four RFC 5764 §4.2 fields.
     *
     * @param exported borrowed: read, never kept (the caller may wipe it afterwards)
     * @throws IllegalArgumentException if the length is not the profile's exporter length
     */
    public static SrtpKeyMaterial fromExporterOutput(SrtpProtectionProfile profile, DtlsRole localRole,
            byte[] exported) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(localRole, "localRole");
        if (exported.length != profile.exporterLength()) {
            throw new IllegalArgumentException("exporter output for " + profile + " must be "
                    + profile.exporterLength() + " bytes, got " + exported.length);
        }
        int key = profile.masterKeyLength();
        int salt = profile.masterSaltLength();
        int offset = 0;
        byte[] clientKey = Arrays.copyOfRange(exported, offset, offset += key);
        byte[] serverKey = Arrays.copyOfRange(exported, offset, offset += key);
        byte[] clientSalt = Arrays.copyOfRange(exported, offset, offset += salt);
        byte[] serverSalt = Arrays.copyOfRange(exported, offset, offset + salt);
        return new SrtpKeyMaterial(profile, localRole, clientKey, serverKey, clientSalt, serverSalt);
    }

    /** The protection profile both sides agreed on in {@code use_srtp}. */
    public SrtpProtectionProfile profile() {
        return profile;
    }

    /** The side of the DTLS handshake this process played. */
    public DtlsRole localRole() {
        return localRole;
    }

    public byte[] clientWriteMasterKey() {
        return clientWriteMasterKey.clone();
    }

    public byte[] serverWriteMasterKey() {
        return serverWriteMasterKey.clone();
    }

    public byte[] clientWriteMasterSalt() {
        return clientWriteMasterSalt.clone();
    }

    public byte[] serverWriteMasterSalt() {
        return serverWriteMasterSalt.clone();
    }

    /** Master key for SRTP/SRTCP we send (encrypt). */
    public byte[] localMasterKey() {
        return localRole == DtlsRole.SERVER ? serverWriteMasterKey() : clientWriteMasterKey();
    }

    /** Master salt for SRTP/SRTCP we send (encrypt). */
    public byte[] localMasterSalt() {
        return localRole == DtlsRole.SERVER ? serverWriteMasterSalt() : clientWriteMasterSalt();
    }

    /** Master key for SRTP/SRTCP the peer sends (decrypt). */
    public byte[] remoteMasterKey() {
        return localRole == DtlsRole.SERVER ? clientWriteMasterKey() : serverWriteMasterKey();
    }

    /** Master salt for SRTP/SRTCP the peer sends (decrypt). */
    public byte[] remoteMasterSalt() {
        return localRole == DtlsRole.SERVER ? clientWriteMasterSalt() : serverWriteMasterSalt();
    }

    /** Shows the profile and role only: key material must never reach a log. */
    @Override
    public String toString() {
        return "SrtpKeyMaterial[" + profile + ", local=" + localRole + "]";
    }
}
