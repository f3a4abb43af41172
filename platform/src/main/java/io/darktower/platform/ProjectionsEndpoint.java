package io.darktower.platform;

import io.darktower.projections.runtime.AsOfCopies;
import io.darktower.projections.runtime.DeadLetters;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionStatus;
import io.darktower.projections.runtime.Replay;
import io.darktower.errors.ErrorCode;
import java.sql.SQLException;
import java.time.DateTimeException;
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
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
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
    public WebEndpointResponse<Object> projections() {
        return answer(() -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (ProjectionStatus status : service().statuses()) {
                out.put(status.name(), Map.of("status", status, "parked", service().deadLetters().parked(status.name())));
            }
            return out;
        });
    }

    @ReadOperation
    public WebEndpointResponse<Object> projection(@Selector String name) {
        return answer(() -> Map.of("status", service().runner(name).status(), "parked", service().deadLetters().parked(name),
                "copies", service().asOfCopies().copies(name)));
    }

    /** {@code as-of}: the projection's point-in-time copies; {@code diff}: what changed from one point to another. */
    @ReadOperation
    public WebEndpointResponse<Object> view(@Selector String name, @Selector String view, @Nullable String from,
                                            @Nullable String to) {
        return answer(() -> view(service().asOfCopies(), name, view, from, to));
    }

    private static Object view(AsOfCopies copies, String name, String view, String from, String to) throws SQLException {
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
    public WebEndpointResponse<Object> act(@Selector String name, @Selector String action, @Nullable String aggregateId,
                                           @Nullable String label, @Nullable String at, @Nullable Long position) {
        return answer(() -> act(service(), name, action, aggregateId, label, at, position));
    }

    private static Map<String, Object> act(ProjectionService service, String name, String action, String aggregateId,
                                           String label, String at, Long position) throws SQLException {
        var runner = service.runner(name); // an unknown projection is refused before anything is written
        switch (action) {
            case "rebuild" -> runner.requestRebuild();
            case AS_OF -> {
                if (label == null) {
                    throw new IllegalArgumentException("label is required for " + action);
                }
                return Map.of("projection", name, "action", action, "accepted", true,
                        "copy", service.asOfCopies().start(name, label, at == null ? null : Instant.parse(at), position));
            }
            case "retry", "skip" -> {
                if (aggregateId == null || aggregateId.isBlank()) {
                    throw new IllegalArgumentException("aggregateId is required for " + action);
                }
                if (!service.deadLetters().request(name, aggregateId,
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
    public WebEndpointResponse<Object> drop(@Selector String name, @Selector String what, @Selector String label) {
        return answer(() -> {
            if (!AS_OF.equals(what)) {
                throw new IllegalArgumentException("only " + AS_OF + " copies are dropped: " + what);
            }
            if (!service().asOfCopies().drop(name, label)) {
                throw new NoSuchElementException("no copy " + label + " of " + name);
            }
            return Map.of("projection", name, "label", label, "dropped", true);
        });
    }

    private ProjectionService service() {
        ProjectionService current = service.get();
        if (current == null) {
            throw new Starting();
        }
        return current;
    }

    /** An operator's request refused for what it asks, with the status and stable code an API caller would get. */
    private static WebEndpointResponse<Object> answer(Operation operation) {
        try {
            return new WebEndpointResponse<>(operation.run(), WebEndpointResponse.STATUS_OK);
        } catch (IllegalArgumentException | DateTimeException e) { // a bad label, instant, view or action
            return refused(400, ErrorCode.INVALID_REQUEST, e);
        } catch (NoSuchElementException e) { // no such projection, copy or parked aggregate
            return refused(404, ErrorCode.NOT_FOUND, e);
        } catch (Starting e) {
            return refused(503, ErrorCode.INTERNAL_ERROR, e);
        } catch (IllegalStateException e) { // a copy of that label still being made
            return refused(409, ErrorCode.CONFLICT, e);
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    private static WebEndpointResponse<Object> refused(int status, ErrorCode code, Exception e) {
        return new WebEndpointResponse<>(Map.of("status", status, "code", code.name(), "detail", String.valueOf(e.getMessage())),
                status);
    }

    @FunctionalInterface
    private interface Operation {
        Object run() throws SQLException;
    }

    private static final class Starting extends RuntimeException {
        Starting() {
            super("the projections are starting");
        }
    }

    private static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause);
        }
    }
}
