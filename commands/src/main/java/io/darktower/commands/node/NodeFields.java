package io.darktower.commands.node;

/**
 * The limits of the node registries' fields, from the seed's columns ({@code controller_id VARCHAR(255)},
 * {@code region VARCHAR(50)}, {@code version VARCHAR(50)}, {@code INTEGER} capacities), declared once for the command
 * records and the telemetry the edges accept.
 */
public final class NodeFields {

    public static final int MAX_ID = 255;
    public static final int MAX_REGION = 50;
    public static final int MAX_ENDPOINT = 2048;
    public static final int MAX_VERSION = 50;
    public static final int MAX_REASON = 255;
    /** A node id is safe in a Redis key ({@code controller:{id}:capacity}), a URL path and a log line: no colon, no space. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";
    public static final String ID_MESSAGE = "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'";
    public static final String REGION_PATTERN = ID_PATTERN;
    /** An absolute URI with a scheme ({@code https://mc-1.example.com:8443}, {@code quic://...}), no spaces. */
    public static final String ENDPOINT_PATTERN = "[A-Za-z][A-Za-z0-9+.-]*://\\S+";
    public static final String ENDPOINT_MESSAGE = "must be an absolute URI such as https://host:port";
    /** Capacities are PostgreSQL {@code INTEGER}s; a million of anything is beyond one node. */
    public static final int MAX_CAPACITY = 1_000_000;
    /** Current counts in heartbeats: up to what a column holds. */
    public static final int MAX_COUNT = Integer.MAX_VALUE;
    public static final int MAX_METADATA_ENTRIES = 32;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 1024;
    public static final int MAX_CODECS = 32;
    public static final int MAX_CODEC = 32;

    private NodeFields() {
    }
}
