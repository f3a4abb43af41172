package io.darktower.devstack;

/** Infrastructure that already runs elsewhere (a compose stack, a cluster): nothing to start or stop. */
public final class ExternalInfrastructure implements Infrastructure {

    private final Endpoints endpoints;

    public ExternalInfrastructure(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        // not ours to stop
    }

    static final class Provider implements InfrastructureProvider {
        @Override
        public String name() {
            return "external";
        }

        @Override
        public Infrastructure start(DevStackConfig config) {
            return new ExternalInfrastructure(config.external());
        }
    }
}
