package io.darktower.gateway.analytics;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.api.ApiException;
import io.darktower.gateway.api.PathIds;
import io.darktower.queries.analytics.AnalyticsQueries;
import io.darktower.queries.analytics.DailyUsage;
import io.darktower.queries.analytics.MeetingStatistics;
import io.darktower.queries.analytics.NodeLoadSample;
import io.darktower.queries.analytics.NodeStatusChange;
import io.darktower.queries.analytics.UsageDimension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The analytics over HTTP, for administrators (the security chain admits no one else to {@code /api/v1/analytics}):
 * an ended meeting's statistics, daily usage per user or region, a node's load history, and a report page. Reads
 * come from the analytics tables, which follow the event log like every read model.
 */
@RestController
public class AnalyticsController {

    /** Ended meetings listed in the report. */
    private static final int REPORT_MEETINGS = 10;
    /** Nodes charted in the report. */
    private static final int REPORT_NODES = 6;

    private final AnalyticsQueries queries;
    private final Clock clock = Clock.systemUTC();

    public AnalyticsController(AnalyticsQueries queries) {
        this.queries = queries;
    }

    public record Usage(String by, LocalDate from, LocalDate to, List<DailyUsage> days) {
    }

    public record NodeLoad(String nodeId, Instant from, Instant to, List<NodeLoadSample> load,
                           List<NodeStatusChange> status) {
    }

    /** 404 {@code NOT_ENDED} while the meeting runs (its figures are not final), {@code UNKNOWN_MEETING} if never seen. */
    @GetMapping(path = "/api/v1/analytics/meetings/{meetingId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<MeetingStatistics> meeting(@PathVariable String meetingId) {
        UUID id = PathIds.uuid(meetingId, "meeting id");
        return queries.endedMeeting(id).switchIfEmpty(queries.knows(id).flatMap(known -> Mono.error(known
                ? new ApiException(ErrorCode.NOT_FOUND, "NOT_ENDED", "meeting " + id + " has not ended: no statistics yet")
                : new ApiException(ErrorCode.NOT_FOUND, "UNKNOWN_MEETING", "no statistics of meeting " + id))));
    }

    /** {@code from}/{@code to}: UTC days, both included (default: the last 30 days); {@code by}: user or region. */
    @GetMapping(path = "/api/v1/analytics/usage/daily", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Usage> dailyUsage(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "user") String by) {
        UsageDimension dimension = UsageDimension.parse(by).orElseThrow(() ->
                AnalyticsRanges.invalid("INVALID_DIMENSION", "by must be user or region, not '" + by + "'"));
        AnalyticsRanges.Days days = AnalyticsRanges.Days.of(from, to, clock.instant());
        return queries.dailyUsage(dimension, days.from(), days.to()).collectList()
                .map(rows -> new Usage(dimension.wire(), days.from(), days.to(), rows));
    }

    /**
     * {@code from}/{@code to}: instants or UTC dates (default: the last 24 hours), at most 31 days. The first sample of
     * each node type is the load carried into the range. 404 {@code UNKNOWN_NODE} for a node never seen.
     */
    @GetMapping(path = "/api/v1/analytics/nodes/{nodeId}/load", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<NodeLoad> nodeLoad(@PathVariable String nodeId, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to) {
        AnalyticsRanges.Times times = AnalyticsRanges.Times.of(from, to, clock.instant());
        return queries.knowsNode(nodeId).flatMap(known -> known
                ? Mono.zip(queries.nodeLoad(nodeId, times.from(), times.to()).collectList(),
                        queries.nodeStatus(nodeId, times.from(), times.to()).collectList())
                .map(t -> new NodeLoad(nodeId, times.from(), times.to(), t.getT1(), t.getT2()))
                : Mono.error(new ApiException(ErrorCode.NOT_FOUND, "UNKNOWN_NODE", "no load of node " + nodeId)));
    }

    /** An HTML page with charts: meetings, participant minutes and peaks per day, and the busiest nodes' load. */
    @GetMapping(path = "/api/v1/analytics/report", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> report(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        AnalyticsRanges.Days days = AnalyticsRanges.Days.of(from, to, clock.instant());
        Mono<List<AnalyticsReport.NodeChart>> nodes = queries.busiestNodes(days.start(), days.end(), REPORT_NODES)
                .concatMap(node -> queries.nodeLoad(node, days.start(), days.end()).collectList()
                        .map(samples -> new AnalyticsReport.NodeChart(node, samples)))
                .collectList();
        return Mono.zip(queries.meetingsPerDay(days.from(), days.to()).collectList(),
                        queries.busiestMeetings(days.from(), days.to(), REPORT_MEETINGS).collectList(), nodes)
                .map(t -> AnalyticsReport.render(days.from(), days.to(), t.getT1(), t.getT2(), t.getT3()));
    }
}
