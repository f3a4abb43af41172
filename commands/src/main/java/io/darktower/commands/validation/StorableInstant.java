package io.darktower.commands.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An instant between 1970-01-01 and 9999-12-31 UTC: inside PostgreSQL's {@code timestamptz} range, Redis' epoch
 * seconds and every client's date type. Null passes.
 */
@Documented
@Constraint(validatedBy = StorableInstantValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableInstant {

    String message() default "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
