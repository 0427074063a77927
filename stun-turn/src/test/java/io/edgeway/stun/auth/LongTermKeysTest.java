package io.edgeway.stun.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LongTermKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void md5KeyMatchesTheRfc5769LongTermVector() throws Exception {
        byte[] key = LongTermKeys.md5Key(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.REALM,
                Rfc5769LongTermVector.PASSWORD);

        assertThat(HEX.formatHex(key)).isEqualTo(Rfc5769LongTermVector.MD5_KEY_HEX);
        assertThat(Rfc5769LongTermVector.integrityVerifies(key)).isTrue();
    }

    @Test
    void aWrongPasswordDoesNotVerifyTheRfc5769Vector() throws Exception {
        byte[] key = LongTermKeys.md5Key(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.REALM, "TheMatrix");

        assertThat(Rfc5769LongTermVector.integrityVerifies(key)).isFalse();
    }

    @Test
    void opaqueStringDoesNotApplySaslPrepsCompatibilityMapping() throws Exception {
        // RFC 5769 prints the password before SASLprep; OpaqueString (NFC only) keeps U+00AA and U+2168,
        // so the key differs: RFC 8489 clients must send the already-prepared password.
        byte[] key = LongTermKeys.md5Key(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.REALM,
                "TheM\u00AAtr\u2168");

        assertThat(Rfc5769LongTermVector.integrityVerifies(key)).isFalse();
    }

    @Test
    void sha256KeyIsSha256OfTheSameString() {
        byte[] key = LongTermKeys.sha256Key(Rfc5769LongTermVector.USERNAME, Rfc5769LongTermVector.REALM,
                Rfc5769LongTermVector.PASSWORD);

        assertThat(HEX.formatHex(key)).isEqualTo(Rfc5769LongTermVector.SHA256_KEY_HEX);
    }

    @Test
    void userHashIsSha256OfUsernameColonRealm() throws Exception {
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest("alice:edgeway.test".getBytes(StandardCharsets.UTF_8));

        assertThat(LongTermKeys.userHash("alice", "edgeway.test")).isEqualTo(expected);
    }

    @Test
    void realmAndPasswordArePreparedButTheUsernameIsNot() {
        String composed = "caf\u00E9";
        String decomposed = "cafe\u0301";

        assertThat(LongTermKeys.md5Key("u", decomposed, decomposed))
                .isEqualTo(LongTermKeys.md5Key("u", composed, composed));
        assertThat(LongTermKeys.md5Key(decomposed, "r", "p"))
                .isNotEqualTo(LongTermKeys.md5Key(composed, "r", "p"));
    }

    @Test
    void opaqueStringNormalisesToNfc() {
        assertThat(LongTermKeys.opaqueString("cafe\u0301")).isEqualTo("caf\u00E9");
        assertThat(LongTermKeys.opaqueString("TheMatrIX")).isEqualTo("TheMatrIX");
    }

    @Test
    void opaqueStringMapsNonAsciiSpacesToAsciiSpace() {
        assertThat(LongTermKeys.opaqueString("a\u00A0b\u3000c")).isEqualTo("a b c");
    }

    @Test
    void opaqueStringKeepsCompatibilityCharacters() {
        assertThat(LongTermKeys.opaqueString("\u2168\uFF21")).isEqualTo("\u2168\uFF21");
    }

    @Test
    void opaqueStringRefusesControlsWithoutEchoingTheString() {
        assertThatThrownBy(() -> LongTermKeys.opaqueString("sec\nret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character at index 3")
                .hasMessageNotContaining("sec");
        assertThatThrownBy(() -> LongTermKeys.opaqueString("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LongTermKeys.opaqueString("a\u007Fb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opaqueStringRefusesEmptyUnassignedAndLoneSurrogates() {
        assertThatThrownBy(() -> LongTermKeys.opaqueString("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> LongTermKeys.opaqueString("a\uD800b")).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> LongTermKeys.opaqueString("a\u0378")).hasMessageContaining("unassigned");
    }

    @Test
    void parseHexKeyReadsCoturnsHexForm() {
        byte[] expected = HEX.parseHex(Rfc5769LongTermVector.MD5_KEY_HEX);

        assertThat(LongTermKeys.parseHexKey("0x" + Rfc5769LongTermVector.MD5_KEY_HEX)).isEqualTo(expected);
        assertThat(LongTermKeys.parseHexKey("0X" + Rfc5769LongTermVector.MD5_KEY_HEX.toUpperCase()))
                .isEqualTo(expected);
        assertThat(LongTermKeys.parseHexKey(Rfc5769LongTermVector.MD5_KEY_HEX)).isEqualTo(expected);
    }

    @Test
    void parseHexKeyRefusesWrongLengthAndNonHexWithoutEchoingTheKey() {
        assertThatThrownBy(() -> LongTermKeys.parseHexKey("0xe8ca7ad59d5e"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 hex digits")
                .hasMessageNotContaining("e8ca7a");
        assertThatThrownBy(() -> LongTermKeys.parseHexKey("0xe8ca7ad59d5eb0518e312911d2dab2zz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex character at index 30")
                .hasMessageNotContaining("e8ca7a");
    }
}
