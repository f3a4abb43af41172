package io.darktower.queries.node;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darktower.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads the node registries from the PostgreSQL read model, without blocking. */
@Service
public class NodeQueries {

    /** A page of a registry: enough for a region's nodes, bounded so a list never grows without limit. */
    public static final int MAX_LISTED = 1000;

    private final DatabaseClient db;

    public NodeQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<ControllerView> findController(String controllerId) {
        return db.sql("SELECT * FROM meeting_controllers WHERE controller_id = :id")
                .bind("id", controllerId)
                .map(NodeQueries::controller)
                .one();
    }

    /** Registered controllers by id, of one region or (region null) of all. */
    public Flux<ControllerView> listControllers(String region) {
        var spec = db.sql(region == null
                ? "SELECT * FROM meeting_controllers ORDER BY controller_id LIMIT " + MAX_LISTED
                : "SELECT * FROM meeting_controllers WHERE region = :region ORDER BY controller_id LIMIT " + MAX_LISTED);
        return (region == null ? spec : spec.bind("region", region)).map(NodeQueries::controller).all();
    }

    public Mono<MediaHandlerView> findMediaHandler(String handlerId) {
        return db.sql("SELECT * FROM media_handlers WHERE handler_id = :id")
                .bind("id", handlerId)
                .map(NodeQueries::mediaHandler)
                .one();
    }

    /** Registered media handlers by id, of one region or (region null) of all. */
    public Flux<MediaHandlerView> listMediaHandlers(String region) {
        var spec = db.sql(region == null
                ? "SELECT * FROM media_handlers ORDER BY handler_id LIMIT " + MAX_LISTED
                : "SELECT * FROM media_handlers WHERE region = :region ORDER BY handler_id LIMIT " + MAX_LISTED);
        return (region == null ? spec : spec.bind("region", region)).map(NodeQueries::mediaHandler).all();
    }

    private static ControllerView controller(Readable row) {
        return new ControllerView(
                row.get("controller_id", String.class),
                row.get("region", String.class),
                row.get("endpoint", String.class),
                row.get("max_meetings", Integer.class),
                row.get("current_meetings", Integer.class),
                row.get("max_participants", Integer.class),
                row.get("current_participants", Integer.class),
                row.get("health_status", String.class),
                instant(row, "last_heartbeat_at"),
                row.get("version", String.class),
                json(row),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static MediaHandlerView mediaHandler(Readable row) {
        String[] codecs = row.get("supported_codecs", String[].class);
        return new MediaHandlerView(
                row.get("handler_id", String.class),
                row.get("region", String.class),
                row.get("endpoint", String.class),
                row.get("max_streams", Integer.class),
                row.get("current_streams", Integer.class),
                row.get("max_bitrate_mbps", Integer.class),
                row.get("current_bitrate_mbps", Integer.class),
                row.get("health_status", String.class),
                instant(row, "last_heartbeat_at"),
                row.get("supports_transcoding", Boolean.class),
                row.get("supports_mixing", Boolean.class),
                codecs == null ? List.of() : Arrays.asList(codecs),
                json(row),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Map<String, Object> json(Readable row) {
        Json value = row.get("metadata", Json.class);
        if (value == null) {
            return Map.of();
        }
        try {
            return EventJson.mapper().readValue(value.asString(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("metadata of a node is not a JSON object", e);
        }
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
