package io.darktower.commands.relay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The relay's meters, bound by whatever registry the application has (Spring Boot binds every
 * {@link MeterBinder} bean): they belong with the relay, not with whoever assembles the application.
 */
public final class RelayMetrics implements MeterBinder {

    public static final String PUBLISHED = "darktower.relay.published";

    private final EventRelay relay;

    public RelayMetrics(EventRelay relay) {
        this.relay = relay;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(PUBLISHED, relay, EventRelay::published)
                .description("stored events acknowledged by Kafka since start")
                .register(registry);
    }
}
