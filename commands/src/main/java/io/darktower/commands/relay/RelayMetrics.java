package io.darktower.commands.relay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The relay's meters, bound by whatever registry the application has (Spring Boot binds every
 * {@link MeterBinder} bean): they belong with the relay, not with whoever assembles the application.
 */
public final class RelayMetrics implements MeterBinder {

    public static final String PUBLISHED = "darktower.relay.published";
    public static final String STAGE = "darktower.relay.stage";

    private final EventRelay relay;

    public RelayMetrics(EventRelay relay) {
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(PUBLISHED, relay, EventRelay::published)
                .description("stored events acknowledged by Kafka since start")
                .register(registry);
        relay.timeStages(
                Timer.builder(STAGE).tag("stage", "commit-to-decoded")
                        .description("from a stored event's commit to its change record made from the WAL stream")
                        .publishPercentiles(0.5, 0.99).register(registry),
                Timer.builder(STAGE).tag("stage", "commit-to-capture")
                        .description("from a stored event's commit to its capture: WAL streaming, the capture poll")
                        .publishPercentiles(0.5, 0.99).register(registry),
                Timer.builder(STAGE).tag("stage", "capture-to-acknowledged")
                        .description("from a captured batch to Kafka's acknowledgement of all of it")
                        .publishPercentiles(0.5, 0.99).register(registry));
    }
}
