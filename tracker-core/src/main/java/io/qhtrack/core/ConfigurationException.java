package io.qhtrack.core;

/**
 * A setting has a value qhtrack cannot work with. Thrown at start-up, never on a visitor's request; the message
 * names the setting and, unless it is a secret, the value.
 */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    /** A problem with {@code setting}, explained by {@code message}. */
    public ConfigurationException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** A problem with {@code setting}, explained by {@code message}. */
    public ConfigurationException(Setting setting, String message) {
        this(setting.key(), message);
    }

    /** The property name of the offending setting, e.g. {@code qhtrack.endpoint}. */
    public String setting() {
        return setting;
    }
}
