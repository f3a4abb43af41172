package io.darktower.events;

/**
 * The stable name of an event on the wire: independent of Java class names, so that classes can move
 * and old records stay readable. {@code version} rises when the payload's shape changes incompatibly.
 */
public record EventType(String aggregateType, String name, int version) {
}
