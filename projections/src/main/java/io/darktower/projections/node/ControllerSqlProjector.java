package io.darktower.projections.node;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.node.ControllerCapacityChanged;
import io.darktower.events.node.ControllerDeregistered;
import io.darktower.events.node.ControllerEvent;
import io.darktower.events.node.ControllerHealthChanged;
import io.darktower.events.node.ControllerRegistered;
import io.darktower.events.node.NodeHealth;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * The seed's {@code meeting_controllers}: one row per registered controller, gone when it deregisters. The
 * {@code current_*} and {@code last_heartbeat_at} columns are telemetry: heartbeats write them, not events, so a
 * registration starts them (current counts 0, last heartbeat at the registration) and a re-registration leaves
 * the counts as the heartbeats left them.
 */
public final class ControllerSqlProjector implements SqlProjector<ControllerEvent> {

    public static final String NAME = "meeting-controller-sql";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<ControllerEvent> aggregate() {
        return Aggregates.MEETING_CONTROLLER;
    }

    @Override
    public List<String> tables() {
        return List.of("meeting_controllers");
    }

    @Override
    public void project(ControllerEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case ControllerRegistered e -> sql.update("""
                    INSERT INTO meeting_controllers (controller_id, region, endpoint, max_meetings, max_participants,
                        health_status, last_heartbeat_at, version, metadata, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                    ON CONFLICT (controller_id) DO UPDATE SET region = EXCLUDED.region, endpoint = EXCLUDED.endpoint,
                        max_meetings = EXCLUDED.max_meetings, max_participants = EXCLUDED.max_participants,
                        health_status = EXCLUDED.health_status,
                        last_heartbeat_at = GREATEST(meeting_controllers.last_heartbeat_at, EXCLUDED.last_heartbeat_at),
                        version = EXCLUDED.version, metadata = EXCLUDED.metadata""",
                    e.controllerId(), e.region(), e.endpoint(), e.maxMeetings(), e.maxParticipants(),
                    NodeHealth.HEALTHY.wire(), e.registeredAt(), e.version(), JsonText.of(e.metadata()),
                    e.registeredAt(), e.registeredAt());
            case ControllerCapacityChanged e -> sql.update(
                    "UPDATE meeting_controllers SET max_meetings = ?, max_participants = ? WHERE controller_id = ?",
                    e.maxMeetings(), e.maxParticipants(), e.controllerId());
            case ControllerHealthChanged e -> sql.update(
                    "UPDATE meeting_controllers SET health_status = ? WHERE controller_id = ?",
                    e.health().wire(), e.controllerId());
            case ControllerDeregistered e -> sql.update(
                    "DELETE FROM meeting_controllers WHERE controller_id = ?", e.controllerId());
        }
    }
}
