package io.jdm.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Keeps the kit's sample test classes (which leak devices or fail on purpose) from running on their
 * own, e.g. when an IDE picks them up: they run only inside {@link #run(Class)}.
 */
final class OnlyFromEngineTestKit implements ExecutionCondition {
    private static final String KEY = "jdm.testkit.selftest";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(KEY).isPresent()
                ? ConditionEvaluationResult.enabled("run by the kit's own tests")
                : ConditionEvaluationResult.disabled("a sample for the kit's own tests, run through EngineTestKit");
    }

    static EngineExecutionResults run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KEY, "true")
                .selectors(selectClass(sample))
                .execute();
    }
}
