package io.darktower.devstack;

import java.util.List;

/** Starts infrastructure with the provider the configuration names. */
public final class DevStack {

    private static final List<InfrastructureProvider> PROVIDERS =
            List.of(new EmbeddedInfrastructure.Provider(), new ExternalInfrastructure.Provider());

    private DevStack() {
    }

    public static Infrastructure start(DevStackConfig config) {
        return PROVIDERS.stream()
                .filter(p -> p.name().equals(config.provider()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown infrastructure provider '" + config.provider()
                        + "'; known: " + PROVIDERS.stream().map(InfrastructureProvider::name).toList()))
                .start(config);
    }
}
