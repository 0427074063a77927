package io.edgeway.signaling.webhook;

import io.edgeway.signaling.store.SettingsStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * Signs webhook bodies as RealtimeKit does: {@code rtk-signature} is the base64 RSA-SHA256 (PKCS #1 v1.5)
 * signature of the exact body bytes, checked by the receiver with the public key Edgeway publishes at
 * {@value #PUBLIC_KEY_PATH} ({@code {"publicKey": "-----BEGIN PUBLIC KEY-----..."}}, RealtimeKit's
 * {@code .well-known/webhooks.json} shape). The 2048-bit key is made on first start and kept in the database
 * (setting {@value #SETTING}, PKCS #8), so signatures verify across restarts and across processes sharing it.
 *
 * <p>Thread-safe (a {@link Signature} per call: deliveries are few).
 */
public final class WebhookSigner {

    /** Where the public key is published, on the public HTTP port, without a key. */
    public static final String PUBLIC_KEY_PATH = "/.well-known/webhooks.json";
    /** The header that carries the signature. */
    public static final String SIGNATURE_HEADER = "rtk-signature";
    static final String SETTING = "webhook_signing_key";
    private static final String ALGORITHM = "SHA256withRSA";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    WebhookSigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key kept in {@code settings}, made now if there is none. */
    public static WebhookSigner load(SettingsStore settings) {
        String pkcs8 = settings.getOrCreate(SETTING, WebhookSigner::newKey);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
            PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            return new WebhookSigner(key, pub);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("the webhook signing key in the database (setting " + SETTING
                    + ") cannot be read: " + e, e);
        }
    }

    static String newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return Base64.getEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
    }

    /** The base64 signature of {@code body} (the {@value #SIGNATURE_HEADER} header). */
    public String sign(byte[] body) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(body);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a webhook body failed", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as PEM ({@code SubjectPublicKeyInfo}), what receivers verify with. */
    public String publicKeyPem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }
}
