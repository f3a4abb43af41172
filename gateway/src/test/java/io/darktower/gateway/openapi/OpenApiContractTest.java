package io.darktower.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Databases;
import io.darktower.devstack.Endpoints;
import io.darktower.devstack.SharedTestStack;
import io.darktower.gateway.ApiCallers;
import io.darktower.gateway.GatewayInfrastructure;
import io.darktower.projections.runtime.ReadModelSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document against the application itself: every handler method of the application's controllers
 * is in the document with its method and path, every documented operation is routed (answers over real HTTP with
 * something other than "no such path" or 405), and the document declares the problem answers and the bearer scheme.
 * The document and its UI are public: fetched here without credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    private WebTestClient http;
    private static String token;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Endpoints db = Databases.create(SharedTestStack.endpoints(), "gateway_openapi_test");
        ReadModelSchema.migrate(db.jdbcUrl(), db.databaseUser(), db.databasePassword());
        GatewayInfrastructure.register(registry, db, null);
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        synchronized (OpenApiContractTest.class) {
            if (token == null) {
                token = ApiCallers.signUp(ApiCallers.client(port), "Reader").accessToken();
            }
        }
    }

    private JsonNode document() {
        byte[] body = http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        try {
            // kept beside the reports: the document as served, to read when a check fails
            Files.write(Path.of("target", "api-docs.json"), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JSON.readTree(body);
    }

    /** "GET /api/v1/meetings/{meetingId}" for every handler method of the application's own controllers. */
    private Set<String> handlerOperations() {
        Set<String> operations = new TreeSet<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                if (!entry.getValue().getBeanType().getPackageName().startsWith("io.darktower")) {
                    continue;
                }
                RequestMappingInfo info = entry.getKey();
                assertThat(info.getMethodsCondition().getMethods()).as("%s names its HTTP method", entry.getValue()).isNotEmpty();
                for (PathPattern path : info.getPatternsCondition().getPatterns()) {
                    info.getMethodsCondition().getMethods().forEach(method -> operations.add(method.name() + " " + path.getPatternString()));
                }
            }
        }
        return operations;
    }

    private static Set<String> documentedOperations(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    operations.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    @Test
    void everyHandlerMethodIsDocumentedWithItsMethodAndPath() {
        Set<String> handlers = handlerOperations();
        assertThat(handlers).hasSizeGreaterThan(40).contains("POST /api/v1/meetings", "GET /api/v1/meetings/{meetingId}");
        assertThat(documentedOperations(document())).containsAll(handlers);
    }

    @Test
    void everyDocumentedOperationIsRoutedOverRealHttp() {
        List<String> unrouted = new ArrayList<>();
        Set<String> operations = documentedOperations(document());
        assertThat(operations).isNotEmpty();
        // as a signed-in user, so that most requests pass the security chain and reach the router; those the chain
        // refuses (401, 403: services' and administrators' operations) are routed there by path, which is enough here
        WebTestClient user = ApiCallers.client(port, token);
        for (String operation : operations) {
            String[] parts = operation.split(" ", 2);
            EntityExchangeResult<byte[]> result = user.method(HttpMethod.valueOf(parts[0])).uri(concrete(parts[1]))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .exchange().expectBody().returnResult();
            int status = result.getStatus().value();
            String body = result.getResponseBody() == null ? "" : new String(result.getResponseBody());
            if (status == 405 || (status == 404 && body.contains("\"no such resource\""))) {
                unrouted.add(operation + " -> " + status + " " + body);
            }
        }
        assertThat(unrouted).as("documented but not routed").isEmpty();
    }

    @Test
    void theDocumentDeclaresProblemAnswersAndTheBearerScheme() {
        JsonNode document = document();
        JsonNode bearer = document.at("/components/securitySchemes/bearer");
        assertThat(bearer.get("type").asString()).isEqualTo("http");
        assertThat(bearer.get("scheme").asString()).isEqualTo("bearer");
        assertThat(bearer.get("bearerFormat").asString()).isEqualTo("JWT");
        assertThat(document.at("/security/0").has("bearer")).as("operations need the bearer token by default").isTrue();
        JsonNode codes = document.at("/components/schemas/Problem/properties/code/enum");
        List<String> names = new ArrayList<>();
        codes.forEach(code -> names.add(code.asString()));
        assertThat(names).containsExactly("INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT",
                "RATE_LIMITED", "CAPACITY_EXCEEDED", "INTERNAL_ERROR");
        JsonNode create = document.at("/paths/~1api~1v1~1meetings/post/responses");
        for (String status : List.of("400", "404", "429", "500")) {
            assertThat(create.at("/" + status + "/content").has(MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .as("POST /api/v1/meetings documents its %s problem", status).isTrue();
        }
        // success statuses as the handlers answer them: 201 for creations (with their body), 204 without a body
        assertThat(create.has("201")).isTrue();
        assertThat(create.has("200")).as("a creation answers 201, not 200").isFalse();
        assertThat(create.at("/201/content/application~1json/schema").isMissingNode()).isFalse();
        JsonNode join = document.at("/paths/~1api~1v1~1meetings~1{meetingId}~1participants/post/responses");
        assertThat(join.has("201") && join.has("202") && !join.has("200")).as(join.toString()).isTrue();
        JsonNode leave = document.at("/paths/~1api~1v1~1meetings~1{meetingId}~1participants~1{participantId}/delete/responses");
        assertThat(leave.has("204") && !leave.has("200")).as(leave.toString()).isTrue();
        JsonNode issue = document.at("/paths/~1api~1v1~1users~1{userId}~1api-keys/post/responses");
        assertThat(issue.has("201") && issue.has("200")).as(issue.toString()).isTrue();
        create.properties().forEach(response -> assertThat(response.getValue().at("/headers").has("X-RateLimit-Remaining"))
                .as("the %s answer documents the rate-limit headers", response.getKey()).isTrue());
        // the browsable UI: /swagger-ui.html leads to the page, which loads this document
        String ui = http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection()
                .expectBody().returnResult().getResponseHeaders().getLocation().toString();
        http.get().uri(ui).exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
        http.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
    }

    /** The path with each variable filled: a UUID, except where the variable is no id. */
    private static String concrete(String path) {
        Matcher variables = VARIABLE.matcher(path);
        StringBuilder concrete = new StringBuilder();
        while (variables.find()) {
            String value = switch (variables.group(1)) {
                case "meetingCode" -> "abc-defg-hij";
                case "provider" -> "google";
                case "controllerId", "handlerId" -> "node-" + UUID.randomUUID();
                default -> UUID.randomUUID().toString();
            };
            variables.appendReplacement(concrete, value);
        }
        variables.appendTail(concrete);
        return concrete.toString();
    }
}
