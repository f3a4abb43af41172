package io.darktower.platform;

import io.darktower.projections.runtime.DeadLetters;
import io.darktower.projections.runtime.ProjectionService;
import io.darktower.projections.runtime.ProjectionStatus;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
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
 */
@Endpoint(id = "projections")
public class ProjectionsEndpoint {

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
        return Map.of("status", service().runner(name).status(), "parked", service().deadLetters().parked(name));
    }

    @WriteOperation
    public Map<String, Object> act(@Selector String name, @Selector String action, @Nullable String aggregateId)
            throws SQLException {
        var runner = service().runner(name); // an unknown projection is refused before anything is written
        switch (action) {
            case "rebuild" -> runner.requestRebuild();
            case "retry", "skip" -> {
                if (aggregateId == null || aggregateId.isBlank()) {
                    throw new IllegalArgumentException("aggregateId is required for " + action);
                }
                if (!service().deadLetters().request(name, aggregateId,
                        DeadLetters.Action.valueOf(action.toUpperCase(Locale.ROOT)))) {
                    throw new NoSuchElementException("aggregate " + aggregateId + " is not parked for " + name);
                }
            }
            default -> throw new IllegalArgumentException("unknown action " + action + "; one of " + List.of("retry", "skip", "rebuild"));
        }
        return Map.of("projection", name, "action", action, "accepted", true);
    }

    private ProjectionService service() {
        ProjectionService current = service.get();
        if (current == null) {
            throw new IllegalStateException("the projections are starting");
        }
        return current;
    }
}
