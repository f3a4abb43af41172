package io.darktower.devstack;

/** Running infrastructure: Kafka, PostgreSQL and Redis. Closing it stops what this process started. */
public interface Infrastructure extends AutoCloseable {

    Endpoints endpoints();

    @Override
    void close();
}
