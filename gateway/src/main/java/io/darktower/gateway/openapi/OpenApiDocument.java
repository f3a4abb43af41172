package io.darktower.gateway.openapi;

import io.darktower.errors.ErrorCode;
import io.darktower.gateway.ratelimit.RateLimitFilter;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MapSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.lang.reflect.Type;
import java.util.Set;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, browsable at {@code /swagger-ui.html}): springdoc derives the operations
 * from the controllers; this adds what it cannot see. Every operation may fail with a problem
 * ({@code application/problem+json}, the {@code Problem} schema with its stable {@code code}), every counted answer
 * carries the rate-limit headers, and callers authenticate with a bearer token.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocument {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** The failures any operation can answer, besides its own (springdoc knows nothing of {@code Problems}). */
    private static final Map<String, String> PROBLEMS = problems();

    private static Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "INVALID_REQUEST: malformed JSON, invalid fields or path ids, a refused domain rule");
        problems.put("401", "UNAUTHORIZED: no valid credentials where they are required");
        problems.put("403", "FORBIDDEN: the caller may not do this");
        problems.put("404", "NOT_FOUND: no such resource");
        problems.put("413", "INVALID_REQUEST: the body is larger than the gateway reads");
        problems.put("429", "RATE_LIMITED: over the rate limit; retry after Retry-After seconds");
        problems.put("500", "INTERNAL_ERROR: an unexpected failure, identified by requestId");
        return problems;
    }

    @Bean
    OpenAPI darkTowerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Dark Tower API").version("v1")
                        .description("The public HTTP API of the Dark Tower video-meeting control plane."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("An access token (a JWT), or an API key")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Adds the shared problem answers and the rate-limit headers to every operation springdoc found. The shared
     * components are added here too, after springdoc computed its own schemas (which replace those of the bean).
     */
    @Bean
    OpenApiCustomizer documentedProblemAnswers() {
        return api -> {
            Components components = api.getComponents() == null ? new Components() : api.getComponents();
            api.setComponents(components
                    .addSchemas(PROBLEM, problemSchema())
                    .addHeaders(RateLimitFilter.LIMIT, header("requests allowed in the window"))
                    .addHeaders(RateLimitFilter.REMAINING, header("requests left in the window"))
                    .addHeaders(RateLimitFilter.RESET, header("seconds until the window resets")));
            answers(api);
        };
    }

    /**
     * The success status of each operation as the handler answers it; springdoc sees only the return type and says 200.
     * A handler that declares its successes ({@code @ApiResponse(responseCode = "201")}: creations) keeps only those,
     * with the body springdoc derived for 200; one answering {@code Mono<ResponseEntity<Void>>} answers 204 No Content.
     */
    @Bean
    OperationCustomizer successStatuses() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses();
            ApiResponse derived = responses == null ? null : responses.get("200");
            if (derived == null) {
                return operation;
            }
            Set<String> declared = AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
                    io.swagger.v3.oas.annotations.responses.ApiResponse.class).stream()
                    .map(io.swagger.v3.oas.annotations.responses.ApiResponse::responseCode)
                    .collect(Collectors.toSet());
            if (!declared.isEmpty()) {
                if (!declared.contains("200")) {
                    responses.remove("200");
                }
                declared.forEach(status -> {
                    ApiResponse response = responses.computeIfAbsent(status, s -> new ApiResponse().description(s));
                    if (response.getContent() == null && !"204".equals(status)) {
                        response.setContent(derived.getContent());
                    }
                });
            } else if (answersNoContent(handler.getReturnType().getGenericParameterType())) {
                responses.remove("200");
                responses.put("204", new ApiResponse().description("No Content"));
            }
            return operation;
        };
    }

    /** {@code Mono<ResponseEntity<Void>>}: the handler answers without a body, which it does with 204. */
    private static boolean answersNoContent(Type type) {
        ResolvableType returned = ResolvableType.forType(type);
        return Mono.class.equals(returned.resolve())
                && ResponseEntity.class.equals(returned.getGeneric(0).resolve())
                && Void.class.equals(returned.getGeneric(0).getGeneric(0).resolve());
    }

    private static void answers(OpenAPI api) {
        api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            PROBLEMS.forEach((status, description) -> responses.putIfAbsent(status, new ApiResponse()
                    .description(description)
                    .content(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))))));
            responses.values().forEach(response -> {
                for (String name : new String[] {RateLimitFilter.LIMIT, RateLimitFilter.REMAINING, RateLimitFilter.RESET}) {
                    response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
                }
            });
            operation.setResponses(responses);
        }));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new IntegerSchema());
    }

    private static Schema<?> problemSchema() {
        StringSchema code = new StringSchema();
        Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.STREAM_ERROR).forEach(c -> code.addEnumItem(c.name()));
        return new ObjectSchema()
                .description("RFC 9457 problem details, with the stable code clients branch on")
                .addProperty("type", new StringSchema().description("urn:darktower:problem:{code in lower case}"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("for people; may change"))
                .addProperty("instance", new StringSchema().description("the request's path"))
                .addProperty("code", code)
                .addProperty("reason", new StringSchema().description("the domain rule that refused, where one did"))
                .addProperty("requestId", new StringSchema().description("the X-Request-Id of the request"))
                .addProperty("fields", new MapSchema().additionalProperties(new StringSchema())
                        .description("invalid fields and what is wrong with each"))
                .required(List.of("type", "title", "status", "code", "requestId"));
    }
}
