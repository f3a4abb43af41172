package io.darktower.projections.node;

import io.darktower.events.AggregateType;
import io.darktower.events.Aggregates;
import io.darktower.events.EventEnvelope;
import io.darktower.events.node.MediaHandlerCapacityChanged;
import io.darktower.events.node.MediaHandlerDeregistered;
import io.darktower.events.node.MediaHandlerEvent;
import io.darktower.events.node.MediaHandlerHealthChanged;
import io.darktower.events.node.MediaHandlerRegistered;
import io.darktower.events.node.NodeHealth;
import io.darktower.projections.runtime.SqlProjector;
import io.darktower.projections.runtime.SqlWriter;
import java.sql.SQLException;
import java.util.List;

/**
 * The seed's {@code media_handlers}: one row per registered handler, gone when it deregisters; {@code current_*} and
 * {@code last_heartbeat_at} are the heartbeats' (see {@link ControllerSqlProjector}).
 */
public final class MediaHandlerSqlProjector implements SqlProjector<MediaHandlerEvent> {

    public static final String NAME = "media-handler-sql";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregateType<MediaHandlerEvent> aggregate() {
        return Aggregates.MEDIA_HANDLER;
    }

    @Override
    public List<String> tables() {
        return List.of("media_handlers");
    }

    @Override
    public void project(MediaHandlerEvent event, EventEnvelope envelope, SqlWriter sql) throws SQLException {
        switch (event) {
            case MediaHandlerRegistered e -> sql.update("""
                    INSERT INTO media_handlers (handler_id, region, endpoint, max_streams, max_bitrate_mbps,
                        health_status, last_heartbeat_at, supports_transcoding, supports_mixing, supported_codecs,
                        metadata, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb, ?, ?)
                    ON CONFLICT (handler_id) DO UPDATE SET region = EXCLUDED.region, endpoint = EXCLUDED.endpoint,
                        max_streams = EXCLUDED.max_streams, max_bitrate_mbps = EXCLUDED.max_bitrate_mbps,
                        health_status = EXCLUDED.health_status,
                        last_heartbeat_at = GREATEST(media_handlers.last_heartbeat_at, EXCLUDED.last_heartbeat_at),
                        supports_transcoding = EXCLUDED.supports_transcoding, supports_mixing = EXCLUDED.supports_mixing,
                        supported_codecs = EXCLUDED.supported_codecs, metadata = EXCLUDED.metadata""",
                    e.handlerId(), e.region(), e.endpoint(), e.maxStreams(), e.maxBitrateMbps(),
                    NodeHealth.HEALTHY.wire(), e.registeredAt(), e.supportsTranscoding(), e.supportsMixing(),
                    e.supportedCodecs().toArray(String[]::new), JsonText.of(e.metadata()),
                    e.registeredAt(), e.registeredAt());
            case MediaHandlerCapacityChanged e -> sql.update(
                    "UPDATE media_handlers SET max_streams = ?, max_bitrate_mbps = ? WHERE handler_id = ?",
                    e.maxStreams(), e.maxBitrateMbps(), e.handlerId());
            case MediaHandlerHealthChanged e -> sql.update(
                    "UPDATE media_handlers SET health_status = ? WHERE handler_id = ?",
                    e.health().wire(), e.handlerId());
            case MediaHandlerDeregistered e -> sql.update(
                    "DELETE FROM media_handlers WHERE handler_id = ?", e.handlerId());
        }
    }
}
