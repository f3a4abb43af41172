package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointsTest {

    private final Endpoints endpoints = new Endpoints("127.0.0.1:19092", "127.0.0.1", 15432, "darktower",
            "postgres", "s3cret", "127.0.0.1", 16379);

    @Test
    void theDescriptionForPeopleNamesEveryServerButNoPassword() {
        assertThat(endpoints.describe())
                .contains("psql postgresql://postgres@127.0.0.1:15432/darktower")
                .contains("redis-cli -h 127.0.0.1 -p 16379")
                .contains("127.0.0.1:19092")
                .doesNotContain("s3cret");
    }

    @Test
    void theEndpointsPrintThemselvesWithoutThePassword() {
        assertThat(endpoints.toString()).contains("postgres@127.0.0.1:15432/darktower").doesNotContain("s3cret");
    }
}
