package io.darktower.commands.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.darktower.events.EventJson;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;
import java.util.Map;

/** Checks {@link JsonObject}, saying which of its rules a value broke. */
public final class JsonObjectValidator implements ConstraintValidator<JsonObject, Map<String, Object>> {

    private int maxChars;
    private int maxDepth;

    @Override
    public void initialize(JsonObject annotation) {
        maxChars = annotation.maxChars();
        maxDepth = annotation.maxDepth();
    }

    @Override
    public boolean isValid(Map<String, Object> value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String problem = problem(value, 1);
        if (problem == null) {
            try {
                if (EventJson.mapper().writeValueAsString(value).length() > maxChars) {
                    problem = "is longer than " + maxChars + " characters as JSON";
                }
            } catch (JsonProcessingException e) {
                problem = "is not JSON";
            }
        }
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    private String problem(Object value, int depth) {
        if (depth > maxDepth) {
            return "is nested deeper than " + maxDepth + " levels";
        }
        return switch (value) {
            case null -> null;
            case String s -> textProblem(s);
            case Number n -> null;
            case Boolean b -> null;
            case Map<?, ?> map -> map.entrySet().stream()
                    .map(e -> e.getKey() instanceof String key
                            ? first(textProblem(key), problem(e.getValue(), depth + 1))
                            : "has a key that is not text")
                    .filter(p -> p != null).findFirst().orElse(null);
            case List<?> list -> list.stream().map(v -> problem(v, depth + 1)).filter(p -> p != null).findFirst().orElse(null);
            default -> "holds a value that is not JSON";
        };
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static String textProblem(String text) {
        return TextValidator.characterProblem(text);
    }
}
