package io.darktower.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.gateway.ApiCallers;
import io.darktower.gateway.GatewayInfrastructure;
import io.darktower.gateway.ratelimit.RateLimitFilter;
import io.darktower.projections.runtime.ReadModelSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the HTTP layer refuses answers problem+json with a stable code, over real HTTP: WebFlux's refusals (unknown
 * path, wrong method, wrong media type, malformed JSON, a body too large, announced or streamed) and Reactor Netty's
 * (a request line or headers too large, a control character in a header, a malformed escape in the target), the
 * latter sent byte for byte on a socket since no HTTP client sends such requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpErrorsApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private WebTestClient http;
    private static String token;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Endpoints db = Databases.create(SharedTestStack.endpoints(), "gateway_http_errors_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, null);
    }

    @BeforeEach
    void client() {
        synchronized (HttpErrorsApiTest.class) {
            if (token == null) {
                token = ApiCallers.signUp(ApiCallers.client(port), "Erring").accessToken();
            }
        }
        // signed in: the security chain lets the requests through to what answers them
        http = ApiCallers.client(port, token);
    }

    /** A problem answered by WebFlux: its status, media type, code, request id and rate-limit headers. */
    private static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Request-Id")
                .expectHeader().exists(RateLimitFilter.LIMIT)
                .expectBody()
                .jsonPath("$.code").isEqualTo(code)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.requestId").exists()
                .jsonPath("$.trace").doesNotExist()
                .jsonPath("$.exception").doesNotExist();
    }

    @Test
    void anUnknownPathIs404NotFound() {
        expectProblem(http.get().uri("/api/v1/no-such-thing").exchange(), 404, "NOT_FOUND")
                .jsonPath("$.detail").isEqualTo("no such resource");
        expectProblem(http.get().uri("/").exchange(), 404, "NOT_FOUND");
    }

    @Test
    void aWrongMethodIs405() {
        WebTestClient.ResponseSpec response = http.put().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange();
        response.expectHeader().value("Allow", allow -> assertThat(allow).contains("POST").doesNotContain("PUT"));
        expectProblem(response, 405, "INVALID_REQUEST");
    }

    @Test
    void anAnswerTheCallerDoesNotAcceptIs406Problem() {
        expectProblem(http.get().uri("/api/v1/meetings/{id}", UUID.randomUUID()).accept(MediaType.TEXT_PLAIN).exchange(),
                406, "INVALID_REQUEST");
    }

    @Test
    void anUnsupportedMediaTypeIs415() {
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.TEXT_PLAIN).bodyValue("displayName=x").exchange(),
                415, "INVALID_REQUEST");
    }

    @Test
    void malformedJsonIs400() {
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"displayName\": [").exchange(),
                400, "INVALID_REQUEST").jsonPath("$.detail").isEqualTo("malformed JSON body");
    }

    @Test
    void aNumberBeyondItsFieldsRangeIs400NamingTheField() {
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"displayName\":\"x\",\"maxParticipants\":99999999999999999999}").exchange(),
                400, "INVALID_REQUEST").jsonPath("$.detail").isEqualTo("malformed JSON body")
                .jsonPath("$.fields.maxParticipants").isEqualTo("not a value of this field's type or range");
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"displayName\":\"x\",\"settings\":{\"allowRecording\":\"perhaps\"}}").exchange(),
                400, "INVALID_REQUEST").jsonPath("$.fields['settings.allowRecording']").exists();
    }

    @Test
    void aBodyLargerThanTheLimitIs413WhetherAnnouncedOrStreamed() {
        String large = "{\"displayName\":\"" + "x".repeat(300 * 1024) + "\"}";
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).bodyValue(large).exchange(),
                413, "INVALID_REQUEST").jsonPath("$.detail").isEqualTo("the request body is too large");
        // chunked: no Content-Length to refuse it by; the codec stops reading at the same limit
        Flux<DataBuffer> chunks = Flux.range(0, 30).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                (i == 0 ? "{\"displayName\":\"" + "x".repeat(10 * 1024) : "x".repeat(10 * 1024)).getBytes(StandardCharsets.UTF_8)));
        expectProblem(http.post().uri("/api/v1/meetings").contentType(MediaType.APPLICATION_JSON).body(chunks, DataBuffer.class).exchange(),
                413, "INVALID_REQUEST");
    }

    @Test
    void aRequestLineLongerThanTheLimitIs414Problem() throws IOException {
        Raw answer = raw("GET /api/v1/meetings/" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        answer.assertProblem(414);
    }

    @Test
    void headersLargerThanTheLimitAre431Problem() throws IOException {
        Raw answer = raw("GET /api/v1/meetings HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20 * 1024) + "\r\n\r\n");
        answer.assertProblem(431);
    }

    @Test
    void aControlCharacterInAHeaderIs400Problem() throws IOException {
        Raw answer = raw("GET /api/v1/meetings/x HTTP/1.1\r\nHost: localhost\r\nX-Bad: a\u0001b\r\n\r\n");
        answer.assertProblem(400);
    }

    @Test
    void aMalformedEscapeInThePathIs400Problem() throws IOException {
        Raw answer = raw("GET /api/v1/meetings/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        answer.assertProblem(400);
        assertThat(answer.body().get("detail").asString()).isEqualTo("the request target is not a valid URI");
    }

    @Test
    void bytesThatAreNotHttpAre400Problem() throws IOException {
        raw("\u0016\u0003\u0001 hello\r\n\r\n").assertProblem(400);
    }

    @Test
    void aMalformedRequestAfterAnsweredOnesOnTheSameConnectionIsStillAProblem() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write(("GET /api/v1/meetings/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Raw answered = parse(readResponse(in));
                assertThat(answered.status()).isEqualTo(404);
                assertThat(answered.body().get("code").asString()).isEqualTo("NOT_FOUND");
            }
            out.write("GET /api/v1/meetings/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            parse(in.readAllBytes()).assertProblem(400);
        }
    }

    /** One response off a kept-alive connection: its head, then as many body bytes as its Content-Length says. */
    private static byte[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("a complete response head").isNotNegative();
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        if (length.find()) {
            head.write(in.readNBytes(Integer.parseInt(length.group(1))));
            return head.toByteArray();
        }
        // chunked: size line, chunk, CRLF, until the empty chunk (and the CRLF after it)
        for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
            head.write(in.readNBytes(size));
            in.readNBytes(2);
        }
        in.readNBytes(2);
        return head.toByteArray();
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            assertThat(b).as("a complete chunk size").isNotNegative();
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return Integer.parseInt(line.toString().trim(), 16);
    }

    /** A response read off a socket: the status, the headers (lower-case names) and the body. */
    private record Raw(int status, Map<String, String> headers, String text) {

        JsonNode body() {
            return JSON.readTree(text);
        }

        void assertProblem(int expected) {
            assertThat(status).as(text).isEqualTo(expected);
            assertThat(headers.get("content-type")).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(headers).containsKey("x-request-id");
            JsonNode body = body();
            assertThat(body.get("code").asString()).isEqualTo("INVALID_REQUEST");
            assertThat(body.get("status").asInt()).isEqualTo(expected);
            assertThat(body.get("requestId").asString()).isEqualTo(headers.get("x-request-id"));
        }
    }

    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.write(buffer, 0, n);
            }
            return parse(read.toByteArray());
        }
    }

    private static Raw parse(byte[] bytes) {
        String response = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = response.indexOf("\r\n\r\n");
        assertThat(end).as("a complete response: " + response).isPositive();
        String[] lines = response.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
    }
}
