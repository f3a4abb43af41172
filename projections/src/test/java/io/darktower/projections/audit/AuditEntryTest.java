package io.darktower.projections.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How names become the seed's snake_case event types and actions, and which addresses inet may be given. */
class AuditEntryTest {

    @Test
    void eventTypesAreTheEventsNamesInSnakeCase() {
        assertThat(AuditEntry.snakeCase("MeetingCreated")).isEqualTo("meeting_created");
        assertThat(AuditEntry.snakeCase("ParticipantJoined")).isEqualTo("participant_joined");
        assertThat(AuditEntry.snakeCase("UserLoginFailed")).isEqualTo("user_login_failed");
        assertThat(AuditEntry.snakeCase("APIKeyIssued")).isEqualTo("api_key_issued");
        assertThat(AuditEntry.snakeCase("Oauth2ProviderLinked")).isEqualTo("oauth2_provider_linked");
    }

    @Test
    void actionsNameTheTargetThenWhatHappenedWithoutRepeatingIt() {
        assertThat(AuditEntry.action("meeting", "meeting_created")).isEqualTo("meeting.created");
        assertThat(AuditEntry.action("meeting", "participant_joined")).isEqualTo("meeting.participant_joined");
        assertThat(AuditEntry.action("meeting", "end_meeting")).isEqualTo("meeting.end");
        assertThat(AuditEntry.action("api_key", "api_key_revoked")).isEqualTo("api_key.revoked");
        assertThat(AuditEntry.action("meeting_controller", "meeting_controller_registered"))
                .isEqualTo("meeting_controller.registered");
        assertThat(AuditEntry.action("meeting", "meeting")).isEqualTo("meeting.meeting");
        assertThat(AuditEntry.action(null, "something_happened")).isEqualTo("something_happened");
    }

    @Test
    void onlyAddressesInetAcceptsAreKept() {
        assertThat(AuditEntry.inetOrNull("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(AuditEntry.inetOrNull("2001:db8::1")).isEqualTo("2001:db8::1");
        assertThat(AuditEntry.inetOrNull("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
        assertThat(AuditEntry.inetOrNull("999.1.1.1")).isNull();
        assertThat(AuditEntry.inetOrNull("example.com")).isNull();
        assertThat(AuditEntry.inetOrNull("fe80::1%eth0")).isNull();
        assertThat(AuditEntry.inetOrNull("1:2:3")).isNull();
        assertThat(AuditEntry.inetOrNull("")).isNull();
    }
}
