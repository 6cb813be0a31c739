package io.qhtrack.spring;

import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import java.util.Optional;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Explains a qhtrack setting that stopped the application from starting, wherever the failure surfaced (building the
 * tracker, checking the filters' settings, or the web server's start): which setting, its value (never a secret's),
 * where it was set, and what it accepts.
 */
final class QhtrackFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    private final Environment environment;

    QhtrackFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        String key = cause.setting();
        Optional<String> origin = environment == null ? Optional.<String>empty()
                : SpringSettings.of(environment).origin(key);
        String description = "qhtrack cannot start: " + cause.getMessage()
                + origin.map(o -> "\n\nThe value comes from " + o + ".").orElse("");
        return new FailureAnalysis(description, action(key), cause);
    }

    static String action(String key) {
        Optional<Setting> setting = Setting.find(key);
        if (!setting.isPresent()) {
            return "Remove or correct " + key + ": every qhtrack setting is listed in the README's configuration "
                    + "table (and completed by the IDE from the starter's configuration metadata).";
        }
        Setting s = setting.get();
        StringBuilder action = new StringBuilder("Correct ").append(s.key())
                .append(" in application.properties/.yml, a profile, or the environment variable ")
                .append(Settings.environmentName(s.key())).append(".\n").append(s.key()).append(": ")
                .append(s.description()).append('.');
        if (!s.allowedValues().isEmpty()) {
            action.append("\nAllowed values: ").append(String.join(", ", s.allowedValues())).append('.');
        }
        if (s.defaultValue() != null) {
            action.append("\nDefault: ").append(s.defaultValue()).append('.');
        }
        action.append("\nTo start without qhtrack, set qhtrack.enabled=false.");
        return action.toString();
    }
}
