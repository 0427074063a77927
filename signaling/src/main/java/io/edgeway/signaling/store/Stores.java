package io.edgeway.signaling.store;

/** Every store of one database, made once. Thread-safe. */
public record Stores(Database database, MeetingStore meetings, PresetStore presets, ParticipantStore participants,
        ChatStore chat, ApiKeyStore apiKeys, TurnKeyStore turnKeys, TurnRevocationStore turnRevocations,
        SigningKeyStore signingKeys, SettingsStore settings, AppStore apps, SessionStore sessions, WebhookStore webhooks,
        WebhookDeliveryStore webhookDeliveries) {

    public static Stores of(Database db) {
        Jdbc j = db.jdbc();
        return new Stores(db, new MeetingStore(j), new PresetStore(j), new ParticipantStore(j), new ChatStore(j),
                new ApiKeyStore(j), new TurnKeyStore(j), new TurnRevocationStore(j), new SigningKeyStore(j),
                new SettingsStore(j), new AppStore(j), new SessionStore(j), new WebhookStore(j),
                new WebhookDeliveryStore(j));
    }
}
