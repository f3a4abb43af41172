package io.darktower.devstack;

/**
 * A way to obtain infrastructure: start it in-process ({@code embedded}), or use what already runs
 * ({@code external}). A Testcontainers-backed provider for machines with Docker fits here too.
 */
public interface InfrastructureProvider {

    String name();

    Infrastructure start(DevStackConfig config);
}
