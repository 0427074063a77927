package io.edgeway.stun.codec;

/**
 * STUN attribute types from the IANA "STUN Attributes" registry, with the RFC that defines each.
 * Types below 0x8000 are comprehension-required: a server that does not understand one in a request
 * answers 420 with UNKNOWN-ATTRIBUTES (RFC 8489 §14).
 */
public final class StunAttributeType {

    // Comprehension-required range (0x0000-0x7FFF).
    public static final int MAPPED_ADDRESS = 0x0001;            // RFC 8489
    public static final int CHANGE_REQUEST = 0x0003;            // RFC 5780 (RFC 3489's, kept for NAT tests)
    public static final int USERNAME = 0x0006;                  // RFC 8489
    public static final int MESSAGE_INTEGRITY = 0x0008;         // RFC 8489
    public static final int ERROR_CODE = 0x0009;                // RFC 8489
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;        // RFC 8489
    public static final int CHANNEL_NUMBER = 0x000C;            // RFC 8656
    public static final int LIFETIME = 0x000D;                  // RFC 8656
    public static final int XOR_PEER_ADDRESS = 0x0012;          // RFC 8656
    public static final int DATA = 0x0013;                      // RFC 8656
    public static final int REALM = 0x0014;                     // RFC 8489
    public static final int NONCE = 0x0015;                     // RFC 8489
    public static final int XOR_RELAYED_ADDRESS = 0x0016;       // RFC 8656
    public static final int REQUESTED_ADDRESS_FAMILY = 0x0017;  // RFC 8656
    public static final int EVEN_PORT = 0x0018;                 // RFC 8656
    public static final int REQUESTED_TRANSPORT = 0x0019;       // RFC 8656
    public static final int DONT_FRAGMENT = 0x001A;             // RFC 8656
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;  // RFC 8489
    public static final int PASSWORD_ALGORITHM = 0x001D;        // RFC 8489
    public static final int USERHASH = 0x001E;                  // RFC 8489
    public static final int XOR_MAPPED_ADDRESS = 0x0020;        // RFC 8489
    public static final int RESERVATION_TOKEN = 0x0022;         // RFC 8656
    public static final int PRIORITY = 0x0024;                  // RFC 8445
    public static final int USE_CANDIDATE = 0x0025;             // RFC 8445
    public static final int CONNECTION_ID = 0x002A;             // RFC 6062

    // Comprehension-optional range (0x8000-0xFFFF).
    public static final int ADDITIONAL_ADDRESS_FAMILY = 0x8000; // RFC 8656
    public static final int ADDRESS_ERROR_CODE = 0x8001;        // RFC 8656
    public static final int PASSWORD_ALGORITHMS = 0x8002;       // RFC 8489
    public static final int ALTERNATE_DOMAIN = 0x8003;          // RFC 8489
    public static final int ICMP = 0x8004;                      // RFC 8656
    public static final int SOFTWARE = 0x8022;                  // RFC 8489
    public static final int ALTERNATE_SERVER = 0x8023;          // RFC 8489
    public static final int FINGERPRINT = 0x8028;               // RFC 8489
    public static final int ICE_CONTROLLED = 0x8029;            // RFC 8445
    public static final int ICE_CONTROLLING = 0x802A;           // RFC 8445

    private StunAttributeType() {
    }

    /** RFC 8489 §14: attribute types 0x0000-0x7FFF must be understood or the request is refused. */
    public static boolean isComprehensionRequired(int type) {
        return (type & 0x8000) == 0;
    }

    public static String name(int type) {
        switch (type) {
            case MAPPED_ADDRESS: return "MAPPED-ADDRESS";
            case CHANGE_REQUEST: return "CHANGE-REQUEST";
            case USERNAME: return "USERNAME";
            case MESSAGE_INTEGRITY: return "MESSAGE-INTEGRITY";
            case ERROR_CODE: return "ERROR-CODE";
            case UNKNOWN_ATTRIBUTES: return "UNKNOWN-ATTRIBUTES";
            case CHANNEL_NUMBER: return "CHANNEL-NUMBER";
            case LIFETIME: return "LIFETIME";
            case XOR_PEER_ADDRESS: return "XOR-PEER-ADDRESS";
            case DATA: return "DATA";
            case REALM: return "REALM";
            case NONCE: return "NONCE";
            case XOR_RELAYED_ADDRESS: return "XOR-RELAYED-ADDRESS";
            case REQUESTED_ADDRESS_FAMILY: return "REQUESTED-ADDRESS-FAMILY";
            case EVEN_PORT: return "EVEN-PORT";
            case REQUESTED_TRANSPORT: return "REQUESTED-TRANSPORT";
            case DONT_FRAGMENT: return "DONT-FRAGMENT";
            case MESSAGE_INTEGRITY_SHA256: return "MESSAGE-INTEGRITY-SHA256";
            case PASSWORD_ALGORITHM: return "PASSWORD-ALGORITHM";
            case USERHASH: return "USERHASH";
            case XOR_MAPPED_ADDRESS: return "XOR-MAPPED-ADDRESS";
            case RESERVATION_TOKEN: return "RESERVATION-TOKEN";
            case PRIORITY: return "PRIORITY";
            case USE_CANDIDATE: return "USE-CANDIDATE";
            case CONNECTION_ID: return "CONNECTION-ID";
            case ADDITIONAL_ADDRESS_FAMILY: return "ADDITIONAL-ADDRESS-FAMILY";
            case ADDRESS_ERROR_CODE: return "ADDRESS-ERROR-CODE";
            case PASSWORD_ALGORITHMS: return "PASSWORD-ALGORITHMS";
            case ALTERNATE_DOMAIN: return "ALTERNATE-DOMAIN";
            case ICMP: return "ICMP";
            case SOFTWARE: return "SOFTWARE";
            case ALTERNATE_SERVER: return "ALTERNATE-SERVER";
            case FINGERPRINT: return "FINGERPRINT";
            case ICE_CONTROLLED: return "ICE-CONTROLLED";
            case ICE_CONTROLLING: return "ICE-CONTROLLING";
            default: return String.format("0x%04X", type);
        }
    }
}
