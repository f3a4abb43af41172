package io.darktower.projections.runtime;

/**
 * The read store itself failed (connection lost, server restarting), not one event: nothing is parked, the whole
 * batch is retried after a back-off.
 */
final class StoreUnavailable extends RuntimeException {

    StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
