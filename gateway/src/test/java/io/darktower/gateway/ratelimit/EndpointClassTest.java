package io.darktower.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** Which tier a request is counted on: the table in docs/api.md#rate-limits. */
class EndpointClassTest {

    @Test
    void signUpLoginAndTokenEndpointsAreAuth() {
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/users")).isEqualTo(EndpointClass.AUTH);
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/users/login")).isEqualTo(EndpointClass.AUTH);
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/auth/token")).isEqualTo(EndpointClass.AUTH);
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/auth/refresh")).isEqualTo(EndpointClass.AUTH);
        // other user endpoints are ordinary writes and reads
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/users/5f0c/password")).isEqualTo(EndpointClass.WRITE);
        assertThat(EndpointClass.of(HttpMethod.GET, "/api/v1/users/5f0c")).isEqualTo(EndpointClass.READ);
    }

    @Test
    void telemetryIsHeartbeat() {
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/controllers/mc-1/heartbeat")).isEqualTo(EndpointClass.HEARTBEAT);
        assertThat(EndpointClass.of(HttpMethod.PUT, "/api/v1/controllers/mc-1/capacity")).isEqualTo(EndpointClass.HEARTBEAT);
        assertThat(EndpointClass.of(HttpMethod.PUT, "/api/v1/media-handlers/mh-1/health")).isEqualTo(EndpointClass.HEARTBEAT);
        assertThat(EndpointClass.of(HttpMethod.POST, "/api/v1/meetings/m/participants/p/heartbeat")).isEqualTo(EndpointClass.HEARTBEAT);
        // registering a node is a write
        assertThat(EndpointClass.of(HttpMethod.PUT, "/api/v1/controllers/mc-1")).isEqualTo(EndpointClass.WRITE);
    }

    @Test
    void readsAndWritesByMethodAndOperationalPathsUncounted() {
        assertThat(EndpointClass.of(HttpMethod.GET, "/api/v1/meetings/m")).isEqualTo(EndpointClass.READ);
        assertThat(EndpointClass.of(HttpMethod.HEAD, "/api/v1/meetings/m")).isEqualTo(EndpointClass.READ);
        assertThat(EndpointClass.of(HttpMethod.DELETE, "/api/v1/meetings/m/participants/p")).isEqualTo(EndpointClass.WRITE);
        assertThat(EndpointClass.of(HttpMethod.GET, "/no/such/path")).isEqualTo(EndpointClass.READ);
        assertThat(EndpointClass.of(HttpMethod.GET, "/actuator/health")).isNull();
        assertThat(EndpointClass.of(HttpMethod.GET, "/v3/api-docs")).isNull();
        assertThat(EndpointClass.of(HttpMethod.GET, "/swagger-ui.html")).isNull();
        assertThat(EndpointClass.of(HttpMethod.GET, "/webjars/swagger-ui/index.html")).isNull();
    }

    @Test
    void refusedAuthenticationIsCountedOnlyWhenRefusedAndPerAddress() {
        for (HttpMethod method : HttpMethod.values()) {
            assertThat(EndpointClass.of(method, "/api/v1/meetings/m")).isNotEqualTo(EndpointClass.UNAUTHENTICATED);
        }
        assertThat(EndpointClass.UNAUTHENTICATED.perAddress()).isTrue();
        assertThat(EndpointClass.UNAUTHENTICATED.key()).isEqualTo("auth:refused");
    }
}
