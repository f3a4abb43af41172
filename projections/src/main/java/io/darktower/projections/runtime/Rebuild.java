package io.darktower.projections.runtime;

/**
 * Rebuilding one read model from the event log, in small steps that the projection's runner takes between polls,
 * so the live projection keeps applying new events (and readers keep reading) while it runs.
 */
interface Rebuild {

    /** Takes one step; false when the rebuild is complete. */
    boolean step() throws Exception;

    /** How far it got, e.g. {@code 1200 of 5000 events}. */
    long done();

    long total();
}
