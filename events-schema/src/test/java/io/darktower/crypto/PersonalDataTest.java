package io.darktower.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darktower.events.EventJson;
import io.darktower.events.EventMetadata;
import io.darktower.events.Personal;
import io.darktower.events.meeting.ConnectionInfo;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.user.UserLoggedIn;
import io.darktower.events.user.UserRegistered;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sealing and opening personal fields on the event JSON, with a key store held in memory (the table-backed one is
 * exercised end to end on the platform: {@code UserErasureEndToEndTest}).
 */
class PersonalDataTest {

    private static final UUID USER = UUID.fromString("7f1d7c2a-3b4e-4f5a-8b6c-9d0e1f2a3b4c");
    private static final UUID MEETING = UUID.fromString("11111111-2222-4333-8444-555555555555");
    private static final UUID GUEST = UUID.fromString("66666666-7777-4888-8999-aaaaaaaaaaaa");
    private static final Instant T0 = Instant.parse("2026-01-16T13:00:00Z");

    /** Keys by subject; a removed one is erased. */
    private final Map<String, Keyring> keys = new HashMap<>();
    private PersonalData.Installation installation;

    @BeforeEach
    void install() {
        installation = PersonalData.install(new SubjectKeys() {
            @Override
            public Keyring forSealing(String subject) {
                return keys.computeIfAbsent(subject, s -> Keyring.ofBase64(Map.of("pii", Keyring.newKeyBase64()), "pii"));
            }

            @Override
            public Keyring forOpening(String subject) {
                return keys.get(subject);
            }

            @Override
            public void forget(String subject) {
            }
        });
    }

    @AfterEach
    void uninstall() {
        installation.close();
    }

    private static ObjectNode tree(Object event) {
        return EventJson.mapper().valueToTree(event);
    }

    @Test
    void personalFieldsAreSealedAndOpenToTheSameEvent() throws Exception {
        ParticipantJoined joined = new ParticipantJoined(MEETING, GUEST, USER, "Erin", T0,
                new ConnectionInfo("192.0.2.7", "Firefox/140", "1.2.3"));
        ObjectNode sealed = tree(joined);
        PersonalData.seal(ParticipantJoined.class, sealed);

        String stored = EventJson.mapper().writeValueAsString(sealed);
        assertThat(stored).doesNotContain("Erin", "192.0.2.7", "Firefox").contains(MEETING.toString(), USER.toString());
        ObjectNode opened = (ObjectNode) EventJson.mapper().readTree(stored);
        PersonalData.open(ParticipantJoined.class, opened);
        assertThat(EventJson.mapper().treeToValue(opened, ParticipantJoined.class)).isEqualTo(joined);
    }

    @Test
    void onceTheKeyIsGoneTheyReadAsPlaceholdersNeverAsTheDataNorAnError() throws Exception {
        ObjectNode user = tree(new UserRegistered(USER, "erin@example.com", "Erin", null, T0));
        PersonalData.seal(UserRegistered.class, user);
        ObjectNode join = tree(new ParticipantJoined(MEETING, GUEST, USER, "Erin", T0, new ConnectionInfo("192.0.2.7", null, null)));
        PersonalData.seal(ParticipantJoined.class, join);
        keys.remove(USER.toString());

        PersonalData.open(UserRegistered.class, user);
        PersonalData.open(ParticipantJoined.class, join);
        UserRegistered erased = EventJson.mapper().treeToValue(user, UserRegistered.class);
        assertThat(erased.email()).isEqualTo("erased-" + USER + "@invalid");
        assertThat(erased.displayName()).isEqualTo(Personal.ERASED);
        ParticipantJoined erasedJoin = EventJson.mapper().treeToValue(join, ParticipantJoined.class);
        assertThat(erasedJoin.displayName()).isEqualTo(Personal.ERASED);
        assertThat(erasedJoin.connection()).isEqualTo(ConnectionInfo.UNKNOWN);
    }

    @Test
    void aGuestsJoinIsSealedForItsParticipantAndEventsStoredInClearReadAsTheyAre() {
        ObjectNode guest = tree(new ParticipantJoined(MEETING, GUEST, null, "Guest", T0, ConnectionInfo.UNKNOWN));
        PersonalData.seal(ParticipantJoined.class, guest);
        assertThat(guest.get("displayName").textValue()).startsWith(PersonalData.MARK + GUEST + ":");

        ObjectNode clear = tree(new UserRegistered(USER, "old@example.com", "Old", null, T0));
        PersonalData.open(UserRegistered.class, clear);
        assertThat(clear.get("email").textValue()).isEqualTo("old@example.com");
    }

    @Test
    void aSealedValueMovedToAnotherSubjectOrFieldDoesNotOpen() {
        ObjectNode erin = tree(new UserRegistered(USER, "erin@example.com", "Erin", null, T0));
        PersonalData.seal(UserRegistered.class, erin);
        String email = erin.get("email").textValue();
        ObjectNode moved = tree(new UserRegistered(USER, "x@example.com", "X", null, T0));
        moved.put("displayName", email); // the email's ciphertext pasted into the name
        PersonalData.open(UserRegistered.class, moved);
        assertThat(moved.get("displayName").textValue()).isEqualTo(Personal.ERASED);
    }

    @Test
    void theRequestersAddressIsSealedForTheActorElseForTheUserTheEventIsAbout() {
        Map<String, Object> signIn = PersonalData.sealMetadata(
                new EventMetadata(null, "user", "c-1", null, "192.0.2.9", "curl/8").toMap(), new UserLoggedIn(USER, T0));
        assertThat(signIn.get("clientIp").toString()).startsWith(PersonalData.MARK + USER + ":");
        EventMetadata opened = PersonalData.open(EventMetadata.fromMap(signIn));
        assertThat(opened.clientIp()).isEqualTo("192.0.2.9");
        assertThat(opened.userAgent()).isEqualTo("curl/8");

        keys.remove(USER.toString());
        EventMetadata erased = PersonalData.open(EventMetadata.fromMap(signIn));
        assertThat(erased.clientIp()).isNull();
        assertThat(erased.userAgent()).isNull();
        assertThat(erased.correlationId()).isEqualTo("c-1");

        Map<String, Object> platform = PersonalData.sealMetadata(
                new EventMetadata(null, "system", null, null, "10.0.0.1", null).toMap(), null);
        assertThat(platform).containsEntry("clientIp", "10.0.0.1");
    }

    @Test
    void theApiKeyACallWasMadeWithIsNotPersonalAndOutlivesAnErasure() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> sealed = PersonalData.sealMetadata(new EventMetadata(USER.toString(), "api", "c-2", null,
                "192.0.2.9", "ci/1", key).toMap(), new UserLoggedIn(USER, T0));
        assertThat(sealed).containsEntry("actorApiKeyId", key);
        assertThat(PersonalData.open(EventMetadata.fromMap(sealed)).actorApiKeyId()).isEqualTo(key);

        keys.remove(USER.toString());
        EventMetadata erased = PersonalData.open(EventMetadata.fromMap(sealed));
        assertThat(erased.clientIp()).isNull();
        assertThat(erased.actorApiKeyId()).isEqualTo(key);
        assertThat(new EventMetadata(null, "user", null, null, null, null).actorApiKeyId()).isNull();
    }
}
