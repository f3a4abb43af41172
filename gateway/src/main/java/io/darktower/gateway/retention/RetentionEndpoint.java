package io.darktower.gateway.retention;

import java.sql.SQLException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * Operators' trigger ({@code POST /actuator/retention}, on the management port where it is exposed): one retention
 * run now, answered with what it removed; {@code "ran": false} when another run held the lock.
 */
@Component
@Endpoint(id = "retention")
public class RetentionEndpoint {

    private final RetentionJob job;

    public RetentionEndpoint(RetentionJob job) {
        this.job = job;
    }

    @WriteOperation
    public RetentionReport run() throws SQLException {
        return job.run();
    }
}
