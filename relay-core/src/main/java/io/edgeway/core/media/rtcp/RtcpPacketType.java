package io.edgeway.core.media.rtcp;

/**
 * RTCP packet types (the PT octet, IANA "RTCP Control Packet Types") and the feedback message types
 * (FMT) that Edgeway reads or writes. Each constant carries its number and defining RFC.
 */
public final class RtcpPacketType {

    public static final int SR = 200; // sender report, RFC 3550 §6.4.1
    public static final int RR = 201; // receiver report, RFC 3550 §6.4.2
    public static final int SDES = 202; // source description, RFC 3550 §6.5
    public static final int BYE = 203; // goodbye, RFC 3550 §6.6
    public static final int APP = 204; // application-defined, RFC 3550 §6.7
    public static final int RTPFB = 205; // transport-layer feedback, RFC 4585 §6.2
    public static final int PSFB = 206; // payload-specific feedback, RFC 4585 §6.3
    public static final int XR = 207; // extended report, RFC 3611

    /** RTPFB FMT 1: Generic NACK, RFC 4585 §6.2.1. */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT 15: transport-wide congestion control, draft-holmer-rmcat-transport-wide-cc-extensions §3.1. */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB FMT 1: Picture Loss Indication, RFC 4585 §6.3.1. */
    public static final int FMT_PLI = 1;
    /** PSFB FMT 2: Slice Loss Indication, RFC 4585 §6.3.2. */
    public static final int FMT_SLI = 2;
    /** PSFB FMT 3: Reference Picture Selection Indication, RFC 4585 §6.3.3. */
    public static final int FMT_RPSI = 3;
    /** PSFB FMT 4: Full Intra Request, RFC 5104 §4.3.1. */
    public static final int FMT_FIR = 4;
    /** PSFB FMT 15: application layer feedback, RFC 4585 §6.4; carries REMB. */
    public static final int FMT_AFB = 15;

    private RtcpPacketType() {
    }
}
