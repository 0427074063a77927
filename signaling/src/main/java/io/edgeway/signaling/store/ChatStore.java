package io.edgeway.signaling.store;

import io.edgeway.signaling.model.ChatMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Chat messages of meetings, in the order they were sent. Blocking; thread-safe. */
public final class ChatStore {

    private static final String COLUMNS = "id, meeting_id, session_id, participant_id, display_name, body, sent_at";

    private final Jdbc jdbc;

    public ChatStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ChatMessage m) {
        jdbc.update("INSERT INTO chat_messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                m.id(), m.meetingId(), m.sessionId(), m.participantId(), m.displayName(), m.text(), m.sentAt());
    }

    /** The last {@code limit} messages of the meeting, oldest first; of one session only when sessionId is not null. */
    public List<ChatMessage> latest(String meetingId, String sessionId, int limit) {
        List<ChatMessage> newestFirst = sessionId == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM chat_messages WHERE meeting_id = ? ORDER BY seq DESC LIMIT ?",
                        ChatStore::row, meetingId, limit)
                : jdbc.query("SELECT " + COLUMNS + " FROM chat_messages WHERE meeting_id = ? AND session_id = ?"
                        + " ORDER BY seq DESC LIMIT ?", ChatStore::row, meetingId, sessionId, limit);
        List<ChatMessage> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    public int deleteSession(String meetingId, String sessionId) {
        return jdbc.update("DELETE FROM chat_messages WHERE meeting_id = ? AND session_id = ?", meetingId, sessionId);
    }

    private static ChatMessage row(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7));
    }
}
