package syna.faiss.internal.binding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where {@code libsynafaiss} loads; elsewhere it is skipped with one line saying why
 * (printed once per run). {@code -Dsyna.tests.requireFaiss=true} turns the skip into a failure, for CI.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(RequiresFaiss.Condition.class)
public @interface RequiresFaiss {
    /** The condition behind {@link RequiresFaiss}. */
    final class Condition implements ExecutionCondition {
        private static final AtomicBoolean PRINTED = new AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> reason = FaissLibrary.unavailableReason();
            if (reason.isEmpty()) {
                return ConditionEvaluationResult.enabled("libsynafaiss loaded (FAISS " + FaissLibrary.faissVersion() + ")");
            }
            if (Boolean.getBoolean("syna.tests.requireFaiss")) {
                throw new IllegalStateException("-Dsyna.tests.requireFaiss=true but " + reason.get());
            }
            if (PRINTED.compareAndSet(false, true)) {
                System.err.println("[syna.faiss] FAISS tests skipped: " + reason.get());
            }
            return ConditionEvaluationResult.disabled(reason.get());
        }
    }
}
