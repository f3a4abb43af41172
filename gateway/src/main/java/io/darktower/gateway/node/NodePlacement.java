package io.darktower.gateway.node;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a meeting can go: the meeting controllers as the read model has them, each with its load (meetings not over
 * that it carries) against its {@code max_meetings}, and the two ways of choosing among those that are live (healthy,
 * beating within the heartbeat timeout) with room. The node sweeper chooses {@linkplain #leastLoaded deterministically}
 * (a sweep run twice decides the same); a join chooses {@linkplain #weighted at random, weighted by free room}, so
 * that many joins at once spread over the nodes instead of all landing on the one that was least loaded a moment ago.
 * Both prefer the region asked for and fall back to any.
 */
@Component
public class NodePlacement {

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    public NodePlacement(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A node that can take meetings; {@code load} is a cell so a sweep counts the meetings it gives it. */
    public record Candidate(String id, String region, String endpoint, int capacity, int[] load) {
        double loadFactor() {
            return (double) load[0] / capacity;
        }

        boolean hasRoom() {
            return load[0] < capacity;
        }

        int freeRoom() {
            return Math.max(0, capacity - load[0]);
        }
    }

    /** Every registered controller, and those of them that are live: a platform may have none registered at all. */
    public record Controllers(int registered, List<Candidate> live) {
    }

    /** The controllers, live ones being healthy with a heartbeat since {@code now - heartbeatTimeout}. */
    public Controllers controllers(Duration heartbeatTimeout) {
        return controllers(Timestamp.from(clock.instant().minus(heartbeatTimeout)));
    }

    Controllers controllers(Timestamp cutoff) {
        int[] registered = {0};
        List<Candidate> live = jdbc.query("""
                SELECT c.controller_id, c.region, c.endpoint, c.max_meetings,
                    (SELECT count(*) FROM meetings m WHERE m.assigned_controller_id = c.controller_id
                        AND m.status <> 'ended') AS load,
                    c.health_status = 'healthy' AND c.last_heartbeat_at >= ? AS live
                FROM meeting_controllers c""",
                (rs, i) -> {
                    registered[0]++;
                    return rs.getBoolean(6)
                            ? new Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), new int[] {rs.getInt(5)})
                            : null;
                },
                cutoff).stream().filter(Objects::nonNull).toList();
        return new Controllers(registered[0], live);
    }

    /** Same region first, then the least loaded for its size, then by id: the same read model gives the same choice. */
    public static Candidate leastLoaded(List<Candidate> candidates, String region) {
        return candidates.stream()
                .filter(Candidate::hasRoom)
                .min(Comparator.comparing((Candidate c) -> !Objects.equals(c.region(), region))
                        .thenComparingDouble(Candidate::loadFactor)
                        .thenComparing(Candidate::id))
                .orElse(null);
    }

    /**
     * Among the nodes with room in {@code region} (any region if none there has room, or region null), one at random
     * with a chance proportional to its free room; null when no node has room.
     */
    public static Candidate weighted(List<Candidate> candidates, String region, RandomGenerator random) {
        List<Candidate> withRoom = candidates.stream().filter(Candidate::hasRoom).toList();
        List<Candidate> near = withRoom.stream().filter(c -> Objects.equals(c.region(), region)).toList();
        List<Candidate> pool = near.isEmpty() ? withRoom : near;
        long total = pool.stream().mapToLong(Candidate::freeRoom).sum();
        if (total == 0) {
            return null;
        }
        long draw = random.nextLong(total);
        for (Candidate candidate : pool) {
            draw -= candidate.freeRoom();
            if (draw < 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("unreachable: the draw is below the total room");
    }
}
