/**
 * A subscriber's stable slots: a fixed set of outgoing streams, each with its own SSRC announced once,
 * which the SFU fills with whichever source (speaker, participant, simulcast layer) the subscriber should
 * receive now, renumbering packets so that every slot stays one continuous RTP stream.
 */
package io.edgeway.core.media.slot;
