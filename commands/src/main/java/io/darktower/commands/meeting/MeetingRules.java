package io.darktower.commands.meeting;

import io.darktower.commands.claims.UniqueRule;
import io.darktower.events.meeting.MeetingCreated;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The meeting's set-based rules: a meeting code belongs to one meeting. */
@Configuration(proxyBeanMethods = false)
public class MeetingRules {

    public static final String MEETING_CODE = "meeting_code";

    @Bean
    UniqueRule<MeetingCreated> uniqueMeetingCode() {
        return UniqueRule.of(MEETING_CODE, MeetingCreated.class, MeetingCreated::meetingCode,
                created -> created.meetingId().toString(), MeetingRejection.MEETING_CODE_TAKEN);
    }
}
