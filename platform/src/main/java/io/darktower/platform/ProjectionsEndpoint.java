package io.darktower.platform;

import io.darktower.projections.runtime.AsOfCopies;
import io.darktower.projections.runtime.DeadLetters;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionStatus;
import io.darktower.projections.runtime.Replay;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * Operators' handle on the read side, on the management port only ({@code /actuator/projections}): each
 * projection's status and parked aggregates; {@code POST /actuator/projections/{name}/retry|skip} with
 * {@code {"aggregateId": ...}} for a parked aggregate, {@code POST /actuator/projections/{name}/rebuild} to rebuild
 * its read model from the event log while it keeps serving.
 *
 * <p>Point in time: {@code POST /actuator/projections/{name}/as-of} with {@code {"label": ..., "at": "<instant>"}} or
 * {@code "position": N} copies the read model as of then into {@code asof_<projection>_<label>} (or Redis keys under
 * {@code asof:<projection>:<label>:}); {@code GET .../{name}/as-of} lists the copies with their progress;
 * {@code GET .../{name}/diff?from=<label>&to=<label|live>} says what changed, table by table;
 * {@code DELETE .../{name}/as-of/{label}} drops a copy.
 */
@Endpoint(id = "projections")
public class ProjectionsEndpoint {

    private static final String AS_OF = "as-of";

    private final AtomicReference<ProjectionService> service = new AtomicReference<>();

    void attach(ProjectionService projections) {
        service.set(projections);
    }

    @ReadOperation
    public Map<String, Object> projections() throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ProjectionStatus status : service().statuses()) {
            out.put(status.name(), Map.of("status", status, "parked", service().deadLetters().parked(status.name())));
        }
        return out;
    }

    @ReadOperation
    public Map<String, Object> projection(@Selector String name) throws SQLException {
        return Map.of("status", service().runner(name).status(), "parked", service().deadLetters().parked(name),
                "copies", service().asOfCopies().copies(name));
    }

    /** {@code as-of}: the projection's point-in-time copies; {@code diff}: what changed from one point to another. */
    @ReadOperation
    public Object view(@Selector String name, @Selector String view, @Nullable String from, @Nullable String to)
            throws SQLException {
        AsOfCopies copies = service().asOfCopies();
        return switch (view) {
            case AS_OF -> copies.copies(name);
            case "diff" -> {
                if (from == null || to == null) {
                    throw new IllegalArgumentException("diff needs from and to: copy labels, or " + Replay.LIVE);
                }
                yield copies.diff(name, from, to);
            }
            default -> throw new IllegalArgumentException("unknown view " + view + "; one of " + List.of(AS_OF, "diff"));
        };
    }

    @WriteOperation
    public Map<String, Object> act(@Selector String name, @Selector String action, @Nullable String aggregateId,
                                   @Nullable String label, @Nullable String at, @Nullable Long position)
            throws SQLException {
        var runner = service().runner(name); // an unknown projection is refused before anything is written
        switch (action) {
            case "rebuild" -> runner.requestRebuild();
            case AS_OF -> {
                if (label == null) {
                    throw new IllegalArgumentException("label is required for " + action);
                }
                return Map.of("projection", name, "action", action, "accepted", true,
                        "copy", service().asOfCopies().start(name, label, at == null ? null : Instant.parse(at), position));
            }
            case "retry", "skip" -> {
                if (aggregateId == null || aggregateId.isBlank()) {
                    throw new IllegalArgumentException("aggregateId is required for " + action);
                }
                if (!service().deadLetters().request(name, aggregateId,
                        DeadLetters.Action.valueOf(action.toUpperCase(Locale.ROOT)))) {
                    throw new NoSuchElementException("aggregate " + aggregateId + " is not parked for " + name);
                }
            }
            default -> throw new IllegalArgumentException("unknown action " + action + "; one of "
                    + List.of("retry", "skip", "rebuild", AS_OF));
        }
        return Map.of("projection", name, "action", action, "accepted", true);
    }

    /** Drops a point-in-time copy. */
    @DeleteOperation
    public Map<String, Object> drop(@Selector String name, @Selector String what, @Selector String label)
            throws SQLException {
        if (!AS_OF.equals(what)) {
            throw new IllegalArgumentException("only " + AS_OF + " copies are dropped: " + what);
        }
        if (!service().asOfCopies().drop(name, label)) {
            throw new NoSuchElementException("no copy " + label + " of " + name);
        }
        return Map.of("projection", name, "label", label, "dropped", true);
    }

    private ProjectionService service() {
        ProjectionService current = service.get();
        if (current == null) {
            throw new IllegalStateException("the projections are starting");
        }
        return current;
    }
}
