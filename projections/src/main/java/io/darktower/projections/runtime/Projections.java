package io.darktower.projections.runtime;

import io.darktower.projections.audit.AuditSqlProjector;
import io.darktower.projections.meeting.MeetingRedisProjector;
import io.darktower.projections.meeting.MeetingSqlProjector;
import io.darktower.projections.node.ControllerRedisProjector;
import io.darktower.projections.node.ControllerSqlProjector;
import io.darktower.projections.node.MediaHandlerSqlProjector;
import java.util.List;

/** Every projection the read side runs. A new one is a projector class and one line here. */
public final class Projections {

    private Projections() {
    }

    public static List<Projector<?>> all() {
        return List.of(new MeetingSqlProjector(), new MeetingRedisProjector(),
                new ControllerSqlProjector(), new ControllerRedisProjector(), new MediaHandlerSqlProjector(),
                new AuditSqlProjector());
    }
}
