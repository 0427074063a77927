package io.edgeway.turn.interop;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closing figures {@code turnutils_uclient} prints, read from its output:
 * <pre>
 * start_mclient: tot_send_msgs=80, tot_recv_msgs=80
 * start_mclient: tot_send_bytes ~ 9600, tot_recv_bytes ~ 9600
 * Total lost packets 0 (0.000000%), total send dropped 0 (0.000000%)
 * </pre>
 * Progress lines ({@code start_mclient: msz=...}) are ignored. A figure uclient did not print is -1,
 * which happens when it gave up before sending (it then prints {@code ERROR: ...} or an error
 * response such as {@code channel bind: error 400 (Bad Request)} and exits 255); both kinds of line
 * are collected in {@link #errorLines()}.
 *
 * <p>One error response is uclient's to recover from, and does: {@code error 437 (Allocation Mismatch)}
 * to an Allocate, after which it reopens its socket on another port ({@code trying allocate again
 * 437...}). The server must answer so (RFC 8656 §7.2) when an earlier run's client left an allocation
 * on a 5-tuple, and the runs share one server while the kernel hands a closed run's ephemeral ports to
 * the next. Those lines count in {@link #recoveredMismatches()} when uclient said it retried, and as
 * errors otherwise.
 */
public record UclientSummary(
        long sentMessages,
        long receivedMessages,
        long sentBytes,
        long receivedBytes,
        long lostPackets,
        long sendDropped,
        List<String> errorLines,
        List<String> recoveredMismatches) {

    private static final Pattern MESSAGES =
            Pattern.compile("start_mclient: tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)");
    private static final Pattern BYTES =
            Pattern.compile("start_mclient: tot_send_bytes ~ (\\d+), tot_recv_bytes ~ (\\d+)");
    /** uclient reports a STUN error response as e.g. {@code channel bind: error 400 (Bad Request)}. */
    private static final Pattern ERROR_RESPONSE = Pattern.compile("error \\d{3} \\(");
    private static final String MISMATCH = "error 437 (Allocation Mismatch)";
    private static final String MISMATCH_RETRY = "trying allocate again 437";
    private static final Pattern LOST =
            Pattern.compile("Total lost packets (\\d+) \\([^)]*\\), total send dropped (\\d+)");

    /** Whether uclient reached its closing summary at all. */
    public boolean complete() {
        return sentMessages >= 0 && receivedMessages >= 0 && sentBytes >= 0 && receivedBytes >= 0
                && lostPackets >= 0 && sendDropped >= 0;
    }

    static UclientSummary parse(String output) {
        long sent = -1;
        long received = -1;
        long sentBytes = -1;
        long receivedBytes = -1;
        long lost = -1;
        long dropped = -1;
        List<String> errors = new java.util.ArrayList<>();
        List<String> mismatches = new java.util.ArrayList<>();
        boolean retried = false;
        for (String line : output.split("\n")) {
            if (line.contains(MISMATCH)) {
                mismatches.add(line.strip());
                continue;
            }
            retried |= line.contains(MISMATCH_RETRY);
            Matcher m = MESSAGES.matcher(line);
            if (m.find()) {
                sent = Long.parseLong(m.group(1));
                received = Long.parseLong(m.group(2));
            }
            m = BYTES.matcher(line);
            if (m.find()) {
                sentBytes = Long.parseLong(m.group(1));
                receivedBytes = Long.parseLong(m.group(2));
            }
            m = LOST.matcher(line);
            if (m.find()) {
                lost = Long.parseLong(m.group(1));
                dropped = Long.parseLong(m.group(2));
            }
            if (line.contains("ERROR") || line.contains("Wrong integrity") || ERROR_RESPONSE.matcher(line).find()) {
                errors.add(line.strip());
            }
        }
        if (!retried) {
            errors.addAll(mismatches);
            mismatches.clear();
        }
        return new UclientSummary(sent, received, sentBytes, receivedBytes, lost, dropped, List.copyOf(errors),
                List.copyOf(mismatches));
    }
}
