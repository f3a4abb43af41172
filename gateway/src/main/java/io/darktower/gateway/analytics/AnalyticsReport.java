package io.darktower.gateway.analytics;

import io.darktower.queries.analytics.DailyMeetings;
import io.darktower.queries.analytics.EndedMeeting;
import io.darktower.queries.analytics.NodeLoadSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.springframework.web.util.HtmlUtils;

/**
 * The analytics report as one self-contained HTML page (inline SVG, no script, no external resource): meetings,
 * participant minutes and peak participants per day, the busiest meetings, and the busiest nodes' load over time.
 * Every text that comes from data (meeting names, node ids, regions) is escaped: a name is never markup.
 */
final class AnalyticsReport {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 180;
    private static final int LEFT = 48;
    private static final int BOTTOM = 24;
    private static final int TOP = 12;

    /** One node's load samples (both node types, if the name is both), charted as participants over time. */
    record NodeChart(String nodeId, List<NodeLoadSample> samples) {
    }

    private AnalyticsReport() {
    }

    static String render(LocalDate from, LocalDate to, List<DailyMeetings> perDay, List<EndedMeeting> busiest,
                         List<NodeChart> nodes) {
        Map<LocalDate, DailyMeetings> byDay = perDay.stream().collect(Collectors.toMap(DailyMeetings::day, d -> d));
        List<LocalDate> days = from.datesUntil(to.plusDays(1)).toList();
        List<DailyMeetings> series = days.stream()
                .map(day -> byDay.getOrDefault(day, new DailyMeetings(day, 0, 0, 0))).toList();
        StringBuilder html = new StringBuilder(16_384);
        html.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Dark Tower analytics</title>
                <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}h2{margin-top:1.6em}
                table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
                td.n{text-align:right}svg text{font-size:11px;fill:#555}</style></head><body>
                """);
        html.append("<h1>Dark Tower analytics</h1><p>UTC days ").append(esc(from.toString())).append(" to ")
                .append(esc(to.toString())).append(" &middot; meetings ended: ")
                .append(series.stream().mapToInt(DailyMeetings::meetings).sum()).append("</p>\n");
        html.append("<h2>Meetings per day</h2>\n")
                .append(bars(series, d -> d.meetings(), "meetings"));
        html.append("<h2>Participant minutes per day</h2>\n")
                .append(bars(series, d -> Math.round(d.participantSeconds() / 60.0), "minutes"));
        html.append("<h2>Peak participants per day</h2>\n")
                .append(bars(series, d -> d.peakParticipants(), "peak participants"));
        html.append("<h2>Busiest meetings</h2>\n");
        if (busiest.isEmpty()) {
            html.append("<p>No meeting ended in this range.</p>\n");
        } else {
            html.append("<table><tr><th>Meeting</th><th>Ended (UTC)</th><th>Duration</th><th>Peak</th>"
                    + "<th>Participant minutes</th></tr>\n");
            for (EndedMeeting m : busiest) {
                html.append("<tr><td title=\"").append(esc(m.meetingId().toString())).append("\">")
                        .append(esc(m.displayName() == null ? m.meetingId().toString() : m.displayName()))
                        .append("</td><td>").append(esc(m.endedAt().toString())).append("</td><td class=\"n\">")
                        .append(esc(duration(m.durationSeconds()))).append("</td><td class=\"n\">")
                        .append(m.peakParticipants()).append("</td><td class=\"n\">")
                        .append(Math.round(m.participantSeconds() / 60.0)).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("<h2>Node load (participants present)</h2>\n");
        if (nodes.isEmpty()) {
            html.append("<p>No node carried a meeting in this range.</p>\n");
        }
        Instant start = from.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        for (NodeChart node : nodes) {
            html.append("<h3>").append(esc(node.nodeId())).append("</h3>\n").append(steps(node.samples(), start, end));
        }
        return html.append("</body></html>\n").toString();
    }

    /** A bar per day, the value's maximum on the axis, the first and last day under it. */
    private static String bars(List<DailyMeetings> series, ToDoubleFunction<DailyMeetings> value, String unit) {
        double max = Math.max(1, series.stream().mapToDouble(value).max().orElse(0));
        double plot = WIDTH - LEFT - 8;
        double width = plot / series.size();
        int height = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = svgOpen(unit + " per day", max);
        for (int i = 0; i < series.size(); i++) {
            DailyMeetings day = series.get(i);
            double v = value.applyAsDouble(day);
            double h = v / max * height;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bd0\"><title>%s: %s %s</title></rect>",
                    LEFT + i * width + width * 0.1, TOP + height - h, Math.max(0.5, width * 0.8), h,
                    esc(day.day().toString()), number(v), esc(unit)));
        }
        return svgClose(svg, series.get(0).day().toString(), series.get(series.size() - 1).day().toString());
    }

    /** Participants over time as a step line per node type, from the range's start to its end. */
    private static String steps(List<NodeLoadSample> samples, Instant start, Instant end) {
        double max = Math.max(1, samples.stream().mapToInt(NodeLoadSample::participants).max().orElse(0));
        double span = Duration.between(start, end).toMillis();
        int height = HEIGHT - TOP - BOTTOM;
        double plot = WIDTH - LEFT - 8;
        StringBuilder svg = svgOpen("participants", max);
        Map<String, List<NodeLoadSample>> byType = samples.stream()
                .collect(Collectors.groupingBy(NodeLoadSample::nodeType, TreeMap::new, Collectors.toList()));
        String[] colours = {"#d0704a", "#4a9d5b"};
        int c = 0;
        for (Map.Entry<String, List<NodeLoadSample>> type : byType.entrySet()) {
            List<String> points = new ArrayList<>();
            double y = TOP + height;
            for (NodeLoadSample s : type.getValue()) {
                double x = LEFT + Math.max(0, Duration.between(start, s.at()).toMillis()) / span * plot;
                points.add(point(x, y));
                y = TOP + height - s.participants() / max * height;
                points.add(point(x, y));
            }
            points.add(point(LEFT + plot, y));
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colours[c++ % colours.length])
                    .append("\" points=\"").append(String.join(" ", points)).append("\"><title>")
                    .append(esc(type.getKey())).append("</title></polyline>");
        }
        return svgClose(svg, start.toString(), end.toString());
    }

    private static StringBuilder svgOpen(String label, double max) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\"><title>").append(esc(label)).append("</title>")
                .append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                        LEFT, TOP, LEFT, HEIGHT - BOTTOM))
                .append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                        LEFT, HEIGHT - BOTTOM, WIDTH - 8, HEIGHT - BOTTOM))
                .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(TOP + 10)
                .append("\" text-anchor=\"end\">").append(number(max)).append("</text>")
                .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(HEIGHT - BOTTOM)
                .append("\" text-anchor=\"end\">0</text>");
        return svg;
    }

    private static String svgClose(StringBuilder svg, String first, String last) {
        return svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 6).append("\">")
                .append(esc(first)).append("</text><text x=\"").append(WIDTH - 8).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"end\">").append(esc(last)).append("</text></svg>\n").toString();
    }

    private static String point(double x, double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String duration(int seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
