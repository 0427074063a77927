package io.edgeway.core.media.sdp;

import java.util.Locale;

/**
 * The H.264 profile a {@code profile-level-id} names (RFC 6184 §8.1: profile_idc, profile-iop and
 * level_idc as six hex digits), as far as a receiver's decoder cares: two descriptions with the same
 * profile and different levels describe the same bitstream syntax. Several profile_idc/constraint-flag
 * combinations name one profile (a Main or Extended stream with constraint_set1_flag is Constrained
 * Baseline, RFC 6184 Table 5), which is how browsers compare them (libwebrtc's {@code IsSameH264Profile}).
 * A value that is absent means {@code 42000A} (RFC 6184 §8.1: Baseline, level 1). Values this table cannot
 * place ({@link #UNKNOWN}: not six hex digits, or a profile_idc it does not list) match only the same
 * profile_idc and profile-iop ({@link #same}).
 */
enum H264Profile {
    CONSTRAINED_BASELINE,
    BASELINE,
    MAIN,
    EXTENDED,
    CONSTRAINED_HIGH,
    HIGH,
    HIGH_10,
    HIGH_422,
    HIGH_444,
    UNKNOWN;

    /** RFC 6184 §8.1: the default when the parameter is absent. */
    static final String DEFAULT_PROFILE_LEVEL_ID = "42000a";
    private static final int CONSTRAINT_SET1 = 0x40;
    private static final int CONSTRAINT_SET4_AND_5 = 0x0C;

    /**
     * Whether two {@code profile-level-id} values (null for absent) name one profile: the same known
     * profile, or, where either is unknown, the same first four hex digits.
     */
    static boolean same(String a, String b) {
        H264Profile pa = of(a);
        H264Profile pb = of(b);
        if (pa != UNKNOWN && pb != UNKNOWN) {
            return pa == pb;
        }
        String ta = a == null ? DEFAULT_PROFILE_LEVEL_ID : a;
        String tb = b == null ? DEFAULT_PROFILE_LEVEL_ID : b;
        return ta.length() >= 4 && tb.length() >= 4 && ta.substring(0, 4).equalsIgnoreCase(tb.substring(0, 4));
    }

    /** The profile of {@code profileLevelId} (six hex digits, or null for the default). */
    static H264Profile of(String profileLevelId) {
        String value = profileLevelId == null ? DEFAULT_PROFILE_LEVEL_ID : profileLevelId.toLowerCase(Locale.ROOT);
        if (value.length() != 6) {
            return UNKNOWN;
        }
        int profileIdc;
        int iop;
        try {
            profileIdc = Integer.parseInt(value.substring(0, 2), 16);
            iop = Integer.parseInt(value.substring(2, 4), 16);
            Integer.parseInt(value.substring(4, 6), 16);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
        return switch (profileIdc) {
            // RFC 6184 Table 5: constraint_set1_flag makes Baseline, Main and Extended streams Constrained Baseline.
            case 0x42 -> (iop & CONSTRAINT_SET1) != 0 ? CONSTRAINED_BASELINE : BASELINE;
            case 0x4d -> (iop & CONSTRAINT_SET1) != 0 ? CONSTRAINED_BASELINE : MAIN;
            case 0x58 -> (iop & CONSTRAINT_SET1) != 0 ? CONSTRAINED_BASELINE : EXTENDED;
            // H.264 A.2.6: High with constraint_set4 and constraint_set5 is Constrained High.
            case 0x64 -> (iop & CONSTRAINT_SET4_AND_5) == CONSTRAINT_SET4_AND_5 ? CONSTRAINED_HIGH : HIGH;
            case 0x6e -> HIGH_10;
            case 0x7a -> HIGH_422;
            case 0xf4 -> HIGH_444;
            default -> UNKNOWN;
        };
    }
}
