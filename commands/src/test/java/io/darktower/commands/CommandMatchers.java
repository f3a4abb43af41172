package io.darktower.commands;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;

/** How aggregate fixture tests say why a command was refused. */
public final class CommandMatchers {

    private CommandMatchers() {
    }

    /** The command broke a constraint of its record on {@code property}: refused before the aggregate decides. */
    public static Matcher<?> invalid(String property) {
        return new FeatureMatcher<JSR303ViolationException, List<String>>(hasItem(property), "invalid", "properties") {
            @Override
            protected List<String> featureValueOf(JSR303ViolationException actual) {
                return actual.getViolations().stream().map(v -> v.getPropertyPath().toString()).toList();
            }
        };
    }

    /** The aggregate refused the command for {@code reason}. */
    public static Matcher<?> rejectedFor(Rejected.Reason reason) {
        return new FeatureMatcher<Rejected, Rejected.Reason>(is(reason), "a rejection for", "reason") {
            @Override
            protected Rejected.Reason featureValueOf(Rejected actual) {
                return actual.reason();
            }
        };
    }
}
