package io.qhtrack.cli;

import io.qhtrack.core.Account;
import io.qhtrack.core.ConfigurationException;
import io.qhtrack.core.Credentials;
import io.qhtrack.core.ProductLine;
import io.qhtrack.core.Setting;
import io.qhtrack.core.Settings;
import io.qhtrack.platform.qihoo360.UploadClient;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The configuration contract as the command line presents it: environment variable names per account. */
final class Config {

    /** 360's endpoint setting. */
    static final String ENDPOINT = "qhtrack.endpoint";

    private Config() {
    }

    /** The environment variable of a property: {@code qhtrack.search.key} → {@code QHTRACK_SEARCH_KEY}. */
    static String env(String property) {
        return Settings.environmentName(property);
    }

    /** The properties an account needs: key, secret and, for display, jzqs. */
    static List<String> properties(Account account) {
        List<String> p = new ArrayList<>();
        p.add(account.keySetting());
        p.add(account.secretSetting());
        if (account == Account.DISPLAY) {
            p.add("qhtrack.display.jzqs");
        }
        return p;
    }

    /** {@code QHTRACK_SEARCH_KEY, QHTRACK_SEARCH_SECRET}. */
    static String envVars(Account account) {
        return properties(account).stream().map(Config::env).collect(Collectors.joining(", "));
    }

    /** {@code QHTRACK_SEARCH_KEY and QHTRACK_SEARCH_SECRET}. */
    static String envVarsSentence(Account account) {
        List<String> vars = properties(account).stream().map(Config::env).collect(Collectors.toList());
        return String.join(", ", vars.subList(0, vars.size() - 1)) + " and " + vars.get(vars.size() - 1);
    }

    /** The short names of the lines an account signs: {@code ps, ms}. */
    static String shortNames(Account account) {
        return account.lines().stream().map(ProductLine::shortName).collect(Collectors.joining(", "));
    }

    /** A line for messages: {@code ps (ocpc_ps_convert, PC 搜索推广)}. */
    static String describe(ProductLine line) {
        return line.shortName() + " (" + line.wireName() + ", " + line.chineseName() + ")";
    }

    /**
     * Each account's credentials, read separately so that a mistake in one account's settings does not hide the
     * others: a value is either the credentials or the {@link ConfigurationException} naming what is wrong.
     * Accounts with nothing configured are absent.
     */
    static Map<Account, Result> credentials(Settings settings) {
        Map<Account, Result> result = new EnumMap<>(Account.class);
        for (Account account : Account.values()) {
            String prefix = account.settingPrefix() + ".";
            Settings only = property -> property.startsWith(prefix) ? settings.raw(property) : null;
            try {
                Credentials c = Credentials.fromSettings(only).get(account);
                if (c != null) {
                    result.put(account, new Result(c, null));
                }
            } catch (ConfigurationException e) {
                result.put(account, new Result(null, e));
            }
        }
        return result;
    }

    /** One account's credentials, or why they are unusable. */
    static final class Result {
        private final Credentials credentials;
        private final ConfigurationException problem;

        Result(Credentials credentials, ConfigurationException problem) {
            this.credentials = credentials;
            this.problem = problem;
        }

        Optional<Credentials> credentials() {
            return Optional.ofNullable(credentials);
        }

        Optional<ConfigurationException> problem() {
            return Optional.ofNullable(problem);
        }
    }

    /** A configuration problem as a sentence naming the environment variable: never quotes a secret. */
    static String explain(ConfigurationException e) {
        String prefix = e.setting() + ": ";
        String why = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return env(e.setting()) + " (" + e.setting() + ") " + why;
    }

    /** The endpoint: {@code --endpoint}, else {@code qhtrack.endpoint}, else 360's. */
    static java.net.URI endpoint(Optional<String> option, Settings settings) throws UsageException {
        Optional<String> value = option.isPresent() ? option : settings.get(ENDPOINT);
        if (!value.isPresent()) {
            return UploadClient.DEFAULT_ENDPOINT;
        }
        try {
            UploadClient.builder().endpoint(value.get()); // the client's own check, naming qhtrack.endpoint
            return java.net.URI.create(value.get().trim());
        } catch (ConfigurationException e) {
            throw new UsageException((option.isPresent() ? "--endpoint" : env(Config.ENDPOINT)) + ": "
                    + e.getMessage());
        }
    }
}
