package io.edgeway.core.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulcast a media section offers to send (RFC 8853 {@code a=simulcast}, with the RFC 8851
 * {@code a=rid} lines it refers to): several encodings of one source, each an RTP stream named by its
 * RID, which the packets carry in the {@code rtp-stream-id} header extension (RFC 8852) since their SSRCs
 * are not signalled.
 *
 * <p>Only the send direction is modelled: the SFU receives simulcast and never sends it (each subscriber
 * gets one layer on one stream). For each simulcast stream the first alternative is taken (RFC 8853 §5.1:
 * alternatives are formats of the same stream, and the SFU does not transcode); a stream paused in the
 * offer ({@code ~rid}) is kept as paused. Layers come in the offer's order, which is the sender's
 * encoding order and says nothing about resolution; the SFU orders them by what it receives.
 *
 * @param layers the RIDs the section offers to send, in the order of {@code a=simulcast:send}
 */
public record Simulcast(List<Layer> layers) {

    /** RFC 8851 §10: a rid-id is 1 to 255 (here at most 16, which the header extension carries) of [A-Za-z0-9_-]. */
    public static final int MAX_RID_LENGTH = 16;
    /** Layers the SFU receives per source at most. */
    public static final int MAX_LAYERS = 3;

    /**
     * One simulcast stream.
     *
     * @param rid its RID
     * @param paused offered as paused ({@code ~rid})
     * @param restrictions the {@code a=rid} restrictions by name ({@code max-width}, {@code max-height},
     *     {@code max-fps}, {@code max-br}, ...), empty when none
     */
    public record Layer(String rid, boolean paused, Map<String, String> restrictions) {
        public Layer {
            restrictions = Map.copyOf(restrictions);
        }
    }

    public Simulcast {
        layers = List.copyOf(layers);
    }

    /**
     * The simulcast {@code section} offers to send, or null when it offers none.
     *
     * @throws SdpNegotiationException if {@code a=simulcast:send} names a RID no {@code a=rid ... send}
     *     line declares, a RID is malformed, or more than {@link #MAX_LAYERS} streams are offered
     */
    public static Simulcast ofOffer(MediaDescription section) {
        String send = null;
        Map<String, Map<String, String>> rids = new LinkedHashMap<>();
        for (Attribute attribute : section.otherAttributes()) {
            if (attribute.name().equals("simulcast") && attribute.value() != null) {
                send = sendList(attribute.value());
            } else if (attribute.name().equals("rid") && attribute.value() != null) {
                String[] parts = attribute.value().trim().split(" +", 3);
                if (parts.length >= 2 && parts[1].equals("send")) {
                    rids.put(parts[0], restrictions(parts.length == 3 ? parts[2] : ""));
                }
            }
        }
        if (send == null) {
            return null;
        }
        List<Layer> layers = new ArrayList<>();
        for (String stream : send.split(";")) {
            String first = stream.split(",")[0].trim();
            boolean paused = first.startsWith("~");
            String rid = paused ? first.substring(1) : first;
            if (!validRid(rid)) {
                throw new SdpNegotiationException("a=simulcast names a malformed rid: " + rid);
            }
            Map<String, String> restrictions = rids.get(rid);
            if (restrictions == null) {
                throw new SdpNegotiationException("a=simulcast:send names rid " + rid + " without an a=rid:" + rid
                        + " send line (RFC 8853 §5.2)");
            }
            layers.add(new Layer(rid, paused, restrictions));
        }
        if (layers.size() > MAX_LAYERS) {
            throw new SdpNegotiationException("a=simulcast offers " + layers.size() + " streams; at most "
                    + MAX_LAYERS + " are received");
        }
        return new Simulcast(layers);
    }

    /** The RIDs in offer order. */
    public List<String> rids() {
        List<String> rids = new ArrayList<>(layers.size());
        for (Layer layer : layers) {
            rids.add(layer.rid());
        }
        return rids;
    }

    /**
     * The answer's attributes (RFC 8853 §5.3): an {@code a=rid:<rid> recv} per layer and
     * {@code a=simulcast:recv} listing them, paused ones with {@code ~}.
     */
    public List<Attribute> answerAttributes() {
        List<Attribute> attributes = new ArrayList<>();
        StringBuilder list = new StringBuilder("recv ");
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            attributes.add(new Attribute("rid", layer.rid() + " recv"));
            if (i > 0) {
                list.append(';');
            }
            list.append(layer.paused() ? "~" : "").append(layer.rid());
        }
        attributes.add(new Attribute("simulcast", list.toString()));
        return attributes;
    }

    /** RFC 8853 §5.1: {@code send <list> [recv <list>]} or the other way round; the send list or null. */
    private static String sendList(String value) {
        String[] words = value.trim().split(" +");
        for (int i = 0; i + 1 < words.length; i += 2) {
            if (words[i].equals("send")) {
                return words[i + 1];
            }
        }
        return null;
    }

    private static Map<String, String> restrictions(String text) {
        Map<String, String> restrictions = new LinkedHashMap<>();
        for (String item : text.split(";")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                restrictions.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
            }
        }
        return restrictions;
    }

    private static boolean validRid(String rid) {
        if (rid.isEmpty() || rid.length() > MAX_RID_LENGTH) {
            return false;
        }
        for (int i = 0; i < rid.length(); i++) {
            char c = rid.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
