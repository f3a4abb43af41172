package io.darktower.events;

/**
 * Kafka topic names. One topic per aggregate type, keyed by aggregate id, so that one aggregate's
 * events stay ordered in one partition.
 */
public final class Topics {

    public static final String PREFIX = "darktower.";
    public static final String MEETING_EVENTS = forAggregateType(EventCatalog.MEETING);

    /** Header carrying {@link EventType#name()}: lets a consumer skip a record without parsing it. */
    public static final String HEADER_EVENT_TYPE = "dt-event-type";
    /** Header carrying the event id, for de-duplication at the consumer. */
    public static final String HEADER_EVENT_ID = "dt-event-id";

    private Topics() {
    }

    public static String forAggregateType(String aggregateType) {
        return PREFIX + aggregateType + ".events";
    }
}
