package io.darktower.projections.analytics;

import io.darktower.events.EventEnvelope;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.time.Instant;

/** One row of {@code analytics_node_status}: a node's registration, capacity, health or deregistration. */
record NodeStatus(String change, Instant at, String region, String health, Integer maxMeetings,
                  Integer maxParticipants, Integer maxStreams, Integer maxBitrateMbps) {

    static NodeStatus of(String change, Instant at) {
        return new NodeStatus(change, at, null, null, null, null, null, null);
    }

    static NodeStatus registered(String region, Instant at) {
        return new NodeStatus("registered", at, region, "healthy", null, null, null, null);
    }

    static NodeStatus health(String health, Instant at) {
        return new NodeStatus("health", at, null, health, null, null, null, null);
    }

    NodeStatus controllerCapacity(int meetings, int participants) {
        return new NodeStatus(change, at, region, health, meetings, participants, null, null);
    }

    NodeStatus handlerCapacity(int streams, int bitrateMbps) {
        return new NodeStatus(change, at, region, health, null, null, streams, bitrateMbps);
    }

    void insert(SqlWriter sql, EventEnvelope envelope, String nodeType, String nodeId) throws SQLException {
        sql.update("""
                INSERT INTO analytics_node_status (event_id, node_type, node_id, at, change, region, health,
                    max_meetings, max_participants, max_streams, max_bitrate_mbps)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                envelope.eventId(), nodeType, nodeId, at, change, region, health, maxMeetings, maxParticipants,
                maxStreams, maxBitrateMbps);
    }
}
