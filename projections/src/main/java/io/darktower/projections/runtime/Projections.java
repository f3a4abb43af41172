package io.darktower.projections.runtime;

import io.darktower.crypto.Keyring;
import io.darktower.projections.analytics.AnalyticsSqlProjector;
import io.darktower.projections.apikey.ApiKeySqlProjector;
import io.darktower.projections.audit.AuditSqlProjector;
import io.darktower.projections.meeting.MeetingRedisProjector;
import io.darktower.projections.meeting.MeetingSqlProjector;
import io.darktower.projections.node.ControllerRedisProjector;
import io.darktower.projections.node.ControllerSqlProjector;
import io.darktower.projections.node.MediaHandlerSqlProjector;
import io.darktower.projections.recording.RecordingSqlProjector;
import io.darktower.projections.user.UserSqlProjector;
import java.util.List;
import java.util.stream.Stream;

/** Every projection the read side runs. A new one is a projector class and one line here. */
public final class Projections {

    private Projections() {
    }

    /** The projections that open no sealed secret. */
    public static List<Projector<?>> all() {
        return List.of(new MeetingSqlProjector(), new MeetingRedisProjector(),
                new AuditSqlProjector(), new RecordingSqlProjector(),
                new ControllerSqlProjector(), new ControllerRedisProjector(), new MediaHandlerSqlProjector(),
                new AnalyticsSqlProjector());
    }

    /** Every projection, with those that open sealed secrets to write them (password and API-key hashes). */
    public static List<Projector<?>> all(Keyring keyring) {
        return Stream.concat(all().stream(), Stream.of(
                new UserSqlProjector(keyring), new ApiKeySqlProjector(keyring))).toList();
    }
}
