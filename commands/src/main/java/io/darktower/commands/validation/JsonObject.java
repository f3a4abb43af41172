package io.darktower.commands.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A free-form JSON object a {@code JSONB} column can hold: at most {@link #maxChars()} characters as JSON, nested at
 * most {@link #maxDepth()} levels, every key and string value without control characters (PostgreSQL's jsonb
 * refuses {@code \u0000}). Values are maps, lists, strings, numbers, booleans or null. Null passes.
 */
@Documented
@Constraint(validatedBy = JsonObjectValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface JsonObject {

    int maxChars();

    int maxDepth() default 8;

    String message() default "must be a JSON object of at most {maxChars} characters without control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
