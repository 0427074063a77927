package io.edgeway.bench.sfu.media;

/**
 * The 16 bytes every synthetic RTP payload ends with, which the sampled receivers read after decrypting
 * (the SFUs forward payloads unchanged, whatever they rewrite in headers):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          magic 0xED12         |     sender (participant)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  sender's packet number                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              send time (System.nanoTime of the harness)       |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The end of the payload is used, not the start, so that the codec's own headers (Opus TOC, VP8
 * payload descriptor and frame tag) stay where a receiver expects them. Sender and receivers share one
 * JVM, hence one clock: the difference of send and receive times is the one-way latency.
 */
public final class Marker {

    public static final int LENGTH = 16;
    public static final int MAGIC = 0xED12;

    private Marker() {
    }

    public static void write(byte[] a, int offset, int sender, int number, long sendNanos) {
        a[offset] = (byte) (MAGIC >>> 8);
        a[offset + 1] = (byte) MAGIC;
        a[offset + 2] = (byte) (sender >>> 8);
        a[offset + 3] = (byte) sender;
        putInt(a, offset + 4, number);
        putInt(a, offset + 8, (int) (sendNanos >>> 32));
        putInt(a, offset + 12, (int) sendNanos);
    }

    /** Whether the 16 bytes at {@code offset} are a marker. */
    public static boolean present(byte[] a, int offset) {
        return offset >= 0 && ((a[offset] & 0xFF) << 8 | a[offset + 1] & 0xFF) == MAGIC;
    }

    public static int sender(byte[] a, int offset) {
        return (a[offset + 2] & 0xFF) << 8 | a[offset + 3] & 0xFF;
    }

    public static long sendNanos(byte[] a, int offset) {
        return (long) getInt(a, offset + 8) << 32 | getInt(a, offset + 12) & 0xFFFFFFFFL;
    }

    static void putInt(byte[] a, int offset, int v) {
        a[offset] = (byte) (v >>> 24);
        a[offset + 1] = (byte) (v >>> 16);
        a[offset + 2] = (byte) (v >>> 8);
        a[offset + 3] = (byte) v;
    }

    static int getInt(byte[] a, int offset) {
        return (a[offset] & 0xFF) << 24 | (a[offset + 1] & 0xFF) << 16 | (a[offset + 2] & 0xFF) << 8 | a[offset + 3] & 0xFF;
    }
}
