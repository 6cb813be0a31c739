package io.qhtrack.spring;

import io.qhtrack.core.Setting;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code qhtrack.enabled} is {@code false}. Any other value matches, so that a value that is neither
 * {@code true} nor {@code false} reaches {@link SpringSettings#validate()} and fails start-up naming the setting,
 * instead of silently switching qhtrack off.
 */
final class OnQhtrackEnabledCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String value = context.getEnvironment().getProperty(Setting.ENABLED.key());
        if (value != null && "false".equalsIgnoreCase(value.trim())) {
            return ConditionOutcome.noMatch(Setting.ENABLED.key() + " is false");
        }
        return ConditionOutcome.match(Setting.ENABLED.key() + " is not false");
    }
}
